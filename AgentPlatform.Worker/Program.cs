var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults(ResourceNames.WorkerTelemetry);
builder.AddWorkerServices();
builder.AddLlm();
builder.AddAgentTools();
builder.AddWorkerHealthChecks();

var app = builder.Build();

app.MapDefaultEndpoints();

app.Run();
