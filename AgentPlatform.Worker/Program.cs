if (HealthProbe.IsRequested(args))
{
    return await HealthProbe.RunAsync(args);
}

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults(ResourceNames.WorkerTelemetry);
builder.AddRequestLimits();
builder.AddProductionAuthRequirements();
builder.AddAgentPlatformAuth();
builder.AddWorkerServices();
builder.AddLlm();
builder.AddAgentTools();
builder.AddWorkerHealthChecks();
builder.AddRetention();
builder.AddWebhooks();
builder.AddWorkerAdmin();

var app = builder.Build();

app.UseRequestLimits();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseAuthentication();
app.UseAuthorization();

app.MapDefaultEndpoints(metricsPolicy: AuthExtensions.MetricsPolicy);
app.MapWorkerAdmin();

app.Run();
return 0;
