var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults(ResourceNames.WorkerTelemetry);
builder.AddAgentPlatformAuth();
builder.AddWorkerServices();
builder.AddLlm();
builder.AddAgentTools();
builder.AddWorkerHealthChecks();

var app = builder.Build();

app.UseAuthentication();
app.UseAuthorization();

app.MapDefaultEndpoints(metricsPolicy: AuthExtensions.AdminPolicy);
app.MapWorkerAdmin();

app.Run();
