var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults(ResourceNames.WorkerTelemetry);
builder.AddAgentPlatformAuth();
builder.AddWorkerServices();
builder.AddLlm();
builder.AddAgentTools();
builder.AddWorkerHealthChecks();
builder.AddWorkerAdmin();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseAuthentication();
app.UseAuthorization();

app.MapDefaultEndpoints(metricsPolicy: AuthExtensions.MetricsPolicy);
app.MapWorkerAdmin();

app.Run();
