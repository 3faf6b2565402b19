if (HealthProbe.IsRequested(args))
{
    return await HealthProbe.RunAsync(args);
}

var builder = WebApplication.CreateBuilder(args);
if (MigrateCommand.IsRequested(args))
{
    return await MigrateCommand.RunAsync(builder);
}

builder.AddServiceDefaults(ResourceNames.ApiTelemetry);
builder.AddRequestLimits();
builder.AddProductionHosting();
builder.AddApplicationServices();
builder.AddWebhookDefaults();
builder.AddConsole();

var app = builder.Build();

app.UseRequestLimits();
app.UseProductionHosting();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseRequestBodyLimit();
app.UseCors();
app.UseWebSockets();
app.UseAuthentication();
app.UseRateLimiter();
app.UseAuthorization();

app.MapDefaultEndpoints(metricsPolicy: AuthExtensions.MetricsPolicy);
app.MapApiDocs();
app.MapSessionsApi();
app.MapApprovalsApi();
app.MapPlanReviewApi();
app.MapAgentsApi();
app.MapToolsApi();
app.MapMonitoringApi();
app.MapEventStreams();
app.MapEventSchemaApi();
app.MapConsole();

app.Run();
return 0;
