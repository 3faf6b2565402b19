using System.Diagnostics;
using System.Text.Json;

namespace AgentPlatform.Tests.Deployment;

/// <summary>
/// The images' configuration as MSBuild evaluates it for <c>dotnet publish /t:PublishContainer</c> (the publish itself
/// needs the base image from its registry, which these machines cannot reach): chiseled base, non-root user by id,
/// port 8080, and the repository names the compose file and the Kubernetes manifests use.
/// </summary>
public sealed class ContainerImageTests
{
    [Theory]
    [InlineData("AgentPlatform.Api", "agentplatform-api")]
    [InlineData("AgentPlatform.Worker", "agentplatform-worker")]
    [InlineData("AgentPlatform.Gateway", "agentplatform-gateway")]
    public async Task The_project_publishes_a_small_non_root_image_under_the_name_the_deployments_use(string project, string repository)
    {
        var evaluated = await EvaluateAsync(project);
        var properties = evaluated.GetProperty("Properties");

        Assert.Equal("true", properties.GetProperty("EnableSdkContainerSupport").GetString());
        Assert.EndsWith("-chiseled", properties.GetProperty("ContainerBaseImage").GetString(), StringComparison.Ordinal);
        Assert.True(int.TryParse(properties.GetProperty("ContainerUser").GetString(), out var uid) && uid > 0, "the image must run as a non-root uid");
        Assert.Equal(repository, properties.GetProperty("ContainerRepository").GetString());
        Assert.Equal(["8080"], evaluated.GetProperty("Items").GetProperty("ContainerPort").EnumerateArray().Select(p => p.GetProperty("Identity").GetString()));
        var compose = File.ReadAllText(RepositoryFiles.PathOf("deploy", "compose", "docker-compose.yml"));
        Assert.Contains($"image: \"{repository}:", compose, StringComparison.Ordinal);
    }

    private static async Task<JsonElement> EvaluateAsync(string project)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepositoryFiles.Root };
        foreach (var arg in new[] { "msbuild", Path.Combine(project, project + ".csproj"), "-nologo",
                     "-getProperty:EnableSdkContainerSupport", "-getProperty:ContainerBaseImage", "-getProperty:ContainerUser",
                     "-getProperty:ContainerRepository", "-getItem:ContainerPort" })
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.True(process.ExitCode == 0, await process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken));
        return JsonDocument.Parse(output).RootElement.Clone();
    }
}
