using System.Text;

namespace AgentPlatform.Tests.Api.Fuzz;

/// <summary>One generated request: a path (its values filled), a query, headers and a body with its content type.</summary>
public sealed record FuzzRequest(string Method, string Path, string Query, IReadOnlyList<(string Name, string Value)> Headers, byte[]? Body, string? ContentType)
{
    public HttpRequestMessage ToMessage()
    {
        var message = new HttpRequestMessage(new HttpMethod(Method), Path + Query);
        foreach (var (name, value) in Headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        if (Body is not null)
        {
            message.Content = new ByteArrayContent(Body);
            if (ContentType is not null)
            {
                message.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
            }
        }

        return message;
    }

    public override string ToString()
    {
        var body = Body is null ? "" : Encoding.UTF8.GetString(Body);
        var shown = body.Length > 300 ? $"{body[..300]}… ({Body!.Length} bytes)" : body;
        var headers = string.Join("; ", Headers.Select(h => $"{h.Name}: {h.Value}"));
        return $"{Method} {Path}{Query} [{headers}] ({ContentType}) {shown}";
    }
}
