var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults(ResourceNames.ApiTelemetry);
builder.AddApplicationServices();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseAuthentication();
app.UseAuthorization();

app.MapDefaultEndpoints();
app.MapApiDocs();
app.MapSessionsApi();

app.Run();

/// <summary>Entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
