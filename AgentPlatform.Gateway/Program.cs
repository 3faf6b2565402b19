using AgentPlatform.Gateway;

if (HealthProbe.IsRequested(args))
{
    return await HealthProbe.RunAsync(args);
}

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults(GatewayProxy.TelemetryName);
builder.AddRequestLimits();
builder.AddGatewayProxy();

var app = builder.Build();

app.UseRequestLimits();
app.MapGatewayHealth();
app.MapReverseProxy();

app.Run();
return 0;
