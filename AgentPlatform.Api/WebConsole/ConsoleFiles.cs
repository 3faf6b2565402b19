using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;

namespace AgentPlatform.Api.WebConsole;

/// <summary>
/// The console's static files, copied next to the Api's binaries under <c>console/</c> (from WebConsole/assets). Served by
/// an anonymous endpoint rather than the static files middleware, which would run behind the fallback authorization policy.
/// </summary>
public sealed class ConsoleFiles
{
    private static readonly FileExtensionContentTypeProvider ContentTypes = new();
    private readonly PhysicalFileProvider _files = new(Path.Combine(AppContext.BaseDirectory, "console"));

    public Results<PhysicalFileHttpResult, NotFound> Get(string? path, HttpContext http)
    {
        var name = string.IsNullOrEmpty(path) ? "index.html" : path;
        var file = _files.GetFileInfo(name);
        if (!file.Exists || file.IsDirectory || file.PhysicalPath is null || !ContentTypes.TryGetContentType(name, out var type))
        {
            return TypedResults.NotFound();
        }

        // The console has no build step and no fingerprinted names: revalidate every time (ETag/Last-Modified answer 304).
        http.Response.Headers.CacheControl = "no-cache";
        http.Response.Headers.XContentTypeOptions = "nosniff";
        if (name == "index.html")
        {
            http.Response.Headers.ContentSecurityPolicy =
                "default-src 'self'; connect-src 'self' https: http:; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'";
        }

        return TypedResults.PhysicalFile(file.PhysicalPath, type == "text/html" || type.EndsWith("javascript", StringComparison.Ordinal) || type == "text/css" ? type + "; charset=utf-8" : type,
            lastModified: file.LastModified, enableRangeProcessing: false);
    }
}
