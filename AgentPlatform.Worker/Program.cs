if (HealthProbe.IsRequested(args))
{
    return await HealthProbe.RunAsync(args);
}

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults(ResourceNames.WorkerTelemetry);
builder.AddProductionAuthRequirements();
builder.AddAgentPlatformAuth();
builder.AddWorkerServices();
builder.AddLlm();
builder.AddAgentTools();
builder.AddWorkerHealthChecks();
builder.AddRetention();

var app = builder.Build();

app.UseAuthentication();
app.UseAuthorization();

app.MapDefaultEndpoints(metricsPolicy: AuthExtensions.AdminPolicy);
app.MapWorkerAdmin();

app.Run();
return 0;
