using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AgentPlatform.Tests.Support;

/// <summary>The small Kestrel servers tests run (fake LLM, fetch targets, the browser page), on 127.0.0.1 and a free port.</summary>
public static class LoopbackApp
{
    /// <summary>A slim app listening on the loopback address, without the machine's configuration or logging.</summary>
    public static WebApplication Create() => Create(_ => { });

    /// <summary>The same, with services of its own (an MCP server's, say).</summary>
    public static WebApplication Create(Action<IServiceCollection> services)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.Sources.Clear();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        services(builder.Services);
        return builder.Build();
    }

    /// <summary>The address a started server listens on (its first, for a server bound to several).</summary>
    public static Uri ListeningAddress(this IServiceProvider services) =>
        new(services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());
}
