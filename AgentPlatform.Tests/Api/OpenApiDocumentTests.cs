using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace AgentPlatform.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class OpenApiDocumentTests(ApiFixture fixture)
{
    [Fact]
    public async Task The_document_validates_and_every_operation_has_a_summary_and_its_error_responses()
    {
        var ct = TestContext.Current.CancellationToken;
        using var anonymous = fixture.Client(null);
        var json = await anonymous.GetStringAsync("/openapi/v1.json", ct);

        var result = OpenApiDocument.Parse(json, OpenApiConstants.Json);

        Assert.Empty(result.Diagnostic!.Errors);
        var document = result.Document!;
        Assert.Empty(document.Validate(ValidationRuleSet.GetDefaultRuleSet()) ?? []);
        var operations = document.Paths.SelectMany(p => p.Value.Operations!.Select(o => (Path: p.Key, Method: o.Key, Operation: o.Value))).ToList();
        Assert.True(operations.Count >= 10, $"only {operations.Count} operations documented");
        foreach (var (path, method, operation) in operations)
        {
            var name = $"{method} {path}";
            Assert.False(string.IsNullOrWhiteSpace(operation.Summary), $"{name} has no summary");
            Assert.False(string.IsNullOrWhiteSpace(operation.Description), $"{name} has no description");
            Assert.Contains(operation.Responses!.Keys, k => k.StartsWith('2'));
            // Anonymous operations (the console's config and dev sign-in) carry no security requirement and no 401.
            Assert.Equal(operation.Security is { Count: > 0 }, operation.Responses.ContainsKey("401"));
            Assert.True(operation.Responses.ContainsKey("401") || path.StartsWith("/console/", StringComparison.Ordinal), $"{name} does not document 401");
            if (path.Contains("{id}", StringComparison.Ordinal))
            {
                Assert.True(operation.Responses.ContainsKey("404") && operation.Responses.ContainsKey("400"), $"{name} does not document 400 and 404");
            }
        }

        Assert.Contains(operations, o => o.Operation.RequestBody?.Content?["application/json"].Example is not null);
        Assert.True(document.Components!.SecuritySchemes!.ContainsKey("Bearer"));
    }

    [Fact]
    public async Task The_scalar_reference_ui_is_served()
    {
        var ct = TestContext.Current.CancellationToken;
        using var anonymous = fixture.Client(null);

        var html = await anonymous.GetStringAsync("/scalar", ct);

        Assert.Contains("<html", html, StringComparison.OrdinalIgnoreCase);
    }
}
