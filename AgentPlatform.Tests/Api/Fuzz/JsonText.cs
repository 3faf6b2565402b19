using System.Globalization;
using System.Text;

namespace AgentPlatform.Tests.Api.Fuzz;

/// <summary>
/// JSON text written by hand, because the fuzzer sends what a serializer refuses to write: lone surrogates (as
/// <c>\ud800</c> escapes), NUL, numbers beyond every integer type.
/// </summary>
public static class JsonText
{
    public static string Quote(string value)
    {
        var text = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            _ = c switch
            {
                '"' => text.Append("\\\""),
                '\\' => text.Append("\\\\"),
                _ when c < ' ' || char.IsSurrogate(c) => text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)),
                _ => text.Append(c),
            };
        }

        return text.Append('"').ToString();
    }

    public static string Object(IEnumerable<(string Name, string Json)> members) =>
        "{" + string.Join(",", members.Select(m => $"{Quote(m.Name)}:{m.Json}")) + "}";

    /// <summary>Percent-encodes UTF-16 as UTF-8, a lone surrogate as the bytes a careless encoder writes (CESU-8).</summary>
    public static string PercentEncode(string value)
    {
        var text = new StringBuilder();
        foreach (var c in value)
        {
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~')
            {
                text.Append(c);
                continue;
            }

            var bytes = char.IsSurrogate(c)
                ? [(byte)0xED, (byte)(0xA0 | ((c >> 6) & 0x1F)), (byte)(0x80 | (c & 0x3F))]
                : Encoding.UTF8.GetBytes(c.ToString());
            foreach (var b in bytes)
            {
                text.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return text.ToString();
    }
}
