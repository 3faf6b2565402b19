namespace AgentPlatform.Api.Events;

/// <summary>
/// <c>GET /api/v1/events/schema</c>: the JSON Schema of every event type's <c>data</c>, anonymous like /openapi. Like
/// /openapi itself it is not an operation of the document; the document points to it (info and externalDocs).
/// </summary>
public static class EventSchemaApi
{
    public const string SchemaContentType = "application/schema+json";

    public static IEndpointRouteBuilder MapEventSchemaApi(this IEndpointRouteBuilder app)
    {
        app.MapGet(EventSchema.Path, Get).AllowAnonymous().WithTags("Events").WithName("GetEventSchema")
            .WithSummary("JSON Schema of every event type's data")
            .WithDescription("One schema per event type under $defs, keyed by the event's type (e.g. $defs['tool.called']), " +
                             "generated from the records the platform serializes its events with.")
            .Produces(StatusCodes.Status200OK, contentType: SchemaContentType).ExcludeFromDescription();
        return app;
    }

    public static IResult Get() => TypedResults.Text(EventSchema.Json, SchemaContentType);
}
