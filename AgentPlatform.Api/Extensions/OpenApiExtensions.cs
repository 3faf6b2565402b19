using AgentPlatform.Api.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.OpenApi;

namespace AgentPlatform.Api.Extensions;

public static class OpenApiExtensions
{
    public const string BearerScheme = "Bearer";

    /// <summary>The built-in OpenAPI document: title, bearer scheme, and on every secured operation its 401, 403 and 429.</summary>
    public static IServiceCollection AddAgentPlatformOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(o =>
        {
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "AgentPlatform API",
                    Version = "v1",
                    Description = "Sessions with AI agents: create, follow up, stop, and read their events. " +
                                  "Every operation except health and documentation needs `Authorization: Bearer <JWT>`. " +
                                  $"The data of each event type is described by the JSON Schema at {EventSchema.Path}.",
                };
                document.ExternalDocs = new OpenApiExternalDocs
                {
                    Description = "JSON Schema of every event type's data",
                    Url = new Uri(EventSchema.Path, UriKind.Relative),
                };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    BearerFormat = "JWT",
                    Description = "A JWT whose sub is the user id; role admin marks an operator.",
                };
                return Task.CompletedTask;
            });
            // The strict enum converter hides the values from the schema exporter: list them as the contract spells them.
            o.AddSchemaTransformer((schema, context, _) =>
            {
                var type = Nullable.GetUnderlyingType(context.JsonTypeInfo.Type) ?? context.JsonTypeInfo.Type;
                if (type.IsEnum)
                {
                    schema.Type = JsonSchemaType.String;
                    schema.Enum = [.. Enum.GetNames(type).Select(n => (System.Text.Json.Nodes.JsonNode)System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(n))];
                }

                return Task.CompletedTask;
            });
            o.AddOperationTransformer((operation, context, _) =>
            {
                var metadata = context.Description.ActionDescriptor.EndpointMetadata;
                if (metadata.OfType<IAllowAnonymous>().Any())
                {
                    return Task.CompletedTask;
                }

                operation.Security ??= [];
                operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [] });
                operation.Responses ??= new OpenApiResponses();
                AddProblem(operation, "401", "No valid bearer token.");
                AddProblem(operation, "429", "Rate limit reached; see Retry-After.");
                if (metadata.OfType<IAuthorizeData>().Any(a => a.Policy == AuthExtensions.AdminPolicy))
                {
                    AddProblem(operation, "403", "The token lacks role admin.");
                }

                OpenApiExamples.Apply(operation, context.Description.ActionDescriptor.EndpointMetadata);
                return Task.CompletedTask;
            });
        });

    private static void AddProblem(OpenApiOperation operation, string status, string description)
    {
        operation.Responses!.TryAdd(status, new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new() },
        });
    }
}
