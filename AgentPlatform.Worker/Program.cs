var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults(ResourceNames.WorkerTelemetry);
builder.AddWorkerServices();
builder.AddLlm();
builder.AddAgentTools();

var app = builder.Build();

app.MapDefaultEndpoints();

app.Run();

/// <summary>Entry point, visible to the tests.</summary>
public partial class Program;
