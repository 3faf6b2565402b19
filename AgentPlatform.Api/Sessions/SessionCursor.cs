using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace AgentPlatform.Api.Sessions;

/// <summary>
/// An opaque keyset cursor: the (createdAt, id) of the last session of a page. The next page is everything strictly
/// older, so sessions created meanwhile never shift or repeat a page.
/// </summary>
public readonly record struct SessionCursor(DateTimeOffset CreatedAt, Guid Id)
{
    public string Encode() =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{CreatedAt.UtcTicks.ToString(CultureInfo.InvariantCulture)}:{Id:N}"));

    public static bool TryDecode(string? text, out SessionCursor cursor)
    {
        cursor = default;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        try
        {
            var parts = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(text)).Split(':');
            if (parts.Length == 2 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                && ticks is > 0 and < 3155378975999999999 && Guid.TryParseExact(parts[1], "N", out var id))
            {
                cursor = new SessionCursor(new DateTimeOffset(ticks, TimeSpan.Zero), id);
                return true;
            }
        }
        catch (FormatException)
        {
            // Not base64url: an invalid cursor, reported to the caller as a validation error.
            return false;
        }

        return false;
    }
}
