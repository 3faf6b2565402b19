using AgentPlatform.Worker.Jobs;

namespace AgentPlatform.Tests.Deployment;

/// <summary>
/// deploy/k8s, read the way kustomize reads it (the production overlay's resources, recursively) and checked for what
/// a cluster needs: probes, limits, non-root, the migration Job, no inline secrets, the Ingress's stream settings.
/// </summary>
public sealed class KubernetesManifestTests
{
    private static readonly string Folder = RepositoryFiles.PathOf("deploy", "k8s");
    private static readonly HashSet<string> UsedFiles = [];
    private static readonly List<Dictionary<object, object?>> Manifests = Resources(Path.Combine(Folder, "overlays", "production"));

    [Fact]
    public void The_overlay_holds_every_resource_once_and_every_file_is_used()
    {
        var names = Manifests.Select(m => $"{m.Text("kind")}/{m.Text("metadata.name")}").ToList();

        Assert.Equal(names.Distinct().Count(), names.Count);
        Assert.Subset(names.ToHashSet(), new HashSet<string>
        {
            "Namespace/agentplatform", "ConfigMap/agentplatform-config", "Job/agentplatform-migrate",
            "Deployment/agentplatform-api", "Deployment/agentplatform-worker", "Service/agentplatform-api", "Service/agentplatform-worker",
            "PodDisruptionBudget/agentplatform-api", "PodDisruptionBudget/agentplatform-worker",
            "Ingress/agentplatform", "Ingress/agentplatform-hub", "ServiceMonitor/agentplatform", "ScaledObject/agentplatform-worker",
        });
        Assert.All(Manifests, m => Assert.False(string.IsNullOrEmpty(m.Text("apiVersion"))));
        var unused = Directory.GetFiles(Folder, "*.yaml", SearchOption.AllDirectories).Select(Path.GetFullPath).Where(f => !UsedFiles.Contains(f)).ToList();
        Assert.True(unused.Count == 0, "not referenced by any kustomization: " + string.Join(", ", unused));
    }

    [Theory]
    [InlineData("agentplatform-api")]
    [InlineData("agentplatform-worker")]
    public void A_deployment_probes_health_and_liveness_sets_limits_and_runs_as_non_root_read_only(string name)
    {
        var deployment = Single("Deployment", name);
        var pod = deployment.At("spec.template.spec");
        var container = Assert.Single(pod.List("containers"));

        Assert.Equal("/health", container.Text("readinessProbe.httpGet.path"));
        Assert.Equal("/alive", container.Text("livenessProbe.httpGet.path"));
        foreach (var part in new[] { "requests.cpu", "requests.memory", "limits.cpu", "limits.memory" })
        {
            Assert.False(string.IsNullOrEmpty(container.At("resources." + part)?.ToString()), $"{name} has no resources.{part}");
        }

        AssertNonRoot(pod, container);
        Assert.Equal(["agentplatform-config"], container.List("envFrom").Select(e => e.Text("configMapRef.name")).OfType<string>());
        Assert.Equal(["agentplatform-secrets"], container.List("envFrom").Select(e => e.Text("secretRef.name")).OfType<string>());
        Assert.Equal(name, LabelOf(deployment));
        Assert.Equal(name, LabelOf(Single("PodDisruptionBudget", name)));
    }

    [Fact]
    public void Workers_get_longer_to_stop_than_their_jobs_take_to_stop()
    {
        var grace = int.Parse(Single("Deployment", "agentplatform-worker").Text("spec.template.spec.terminationGracePeriodSeconds")!,
            System.Globalization.CultureInfo.InvariantCulture);

        // The Worker's own shutdown timeout is Hangfire's stop timeout (Worker:StopTimeout) plus 15 s.
        Assert.True(TimeSpan.FromSeconds(grace) > new RunHostOptions().StopTimeout + TimeSpan.FromSeconds(15), $"terminationGracePeriodSeconds {grace}");
    }

    [Fact]
    public void The_migration_job_runs_the_api_image_s_migrate_command_as_non_root()
    {
        var job = Single("Job", "agentplatform-migrate");
        var pod = job.At("spec.template.spec");
        var container = Assert.Single(pod.List("containers"));

        Assert.Equal(["migrate"], container.List("args"));
        // The base names the image as the SDK builds it (ContainerRepository); the overlay's `images` maps it to a registry.
        Assert.Equal("agentplatform-api", container.Text("image"));
        var overlay = YamlDocs.Load(Path.Combine(Folder, "overlays", "production", "kustomization.yaml")).Single();
        Assert.Equal(["agentplatform-api", "agentplatform-worker"], overlay.List("images").Select(i => i.Text("name")));
        Assert.Equal("OnFailure", pod.Text("restartPolicy"));
        AssertNonRoot(pod, container);
    }

    [Fact]
    public void No_secret_is_written_in_the_manifests()
    {
        Assert.DoesNotContain(Manifests, m => m.Text("kind") == "Secret");
        foreach (var (key, value) in Manifests.SelectMany(m => m.Scalars()))
        {
            var secretish = (key ?? "").StartsWith("ConnectionStrings", StringComparison.OrdinalIgnoreCase)
                || (key ?? "").Contains("Password", StringComparison.OrdinalIgnoreCase)
                || (key ?? "").Contains("SigningKey", StringComparison.OrdinalIgnoreCase)
                || value.Contains("password=", StringComparison.OrdinalIgnoreCase)
                || value.Contains("Key=", StringComparison.Ordinal);
            Assert.False(secretish, $"'{key}: {value}' looks like an inline secret");
        }
    }

    [Fact]
    public void The_ingress_keeps_streams_open_unbuffered_and_pins_the_hub_by_cookie()
    {
        foreach (var name in new[] { "agentplatform", "agentplatform-hub" })
        {
            var annotations = Single("Ingress", name).Map("metadata.annotations");
            Assert.Equal("off", annotations["nginx.ingress.kubernetes.io/proxy-buffering"]);
            Assert.True(int.Parse((string)annotations["nginx.ingress.kubernetes.io/proxy-read-timeout"]!, System.Globalization.CultureInfo.InvariantCulture) >= 3600);
        }

        var hub = Single("Ingress", "agentplatform-hub");
        Assert.Equal("cookie", hub.Map("metadata.annotations")["nginx.ingress.kubernetes.io/affinity"]);
        Assert.Equal("/hubs", Assert.Single(Assert.Single(hub.List("spec.rules")).List("http.paths")).Text("path"));
        Assert.DoesNotContain("nginx.ingress.kubernetes.io/affinity", Single("Ingress", "agentplatform").Map("metadata.annotations").Keys.Cast<string>());
    }

    [Fact]
    public void Prometheus_scrapes_with_the_metrics_token_and_workers_scale_on_queue_depth()
    {
        var endpoint = Assert.Single(Single("ServiceMonitor", "agentplatform").List("spec.endpoints"));
        Assert.Equal("/metrics", endpoint.Text("path"));
        Assert.Equal("agentplatform-metrics-token", endpoint.Text("authorization.credentials.name"));

        var scaled = Single("ScaledObject", "agentplatform-worker");
        Assert.Equal("agentplatform-worker", scaled.Text("spec.scaleTargetRef.name"));
        var trigger = Assert.Single(scaled.List("spec.triggers"));
        Assert.Equal("postgresql", trigger.Text("type"));
        Assert.Contains("hangfire.jobqueue", trigger.Text("metadata.query"), StringComparison.Ordinal);
    }

    private static void AssertNonRoot(object? pod, object? container)
    {
        Assert.Equal("true", pod.Text("securityContext.runAsNonRoot"));
        Assert.NotEqual("0", pod.Text("securityContext.runAsUser"));
        Assert.Equal("true", container.Text("securityContext.readOnlyRootFilesystem"));
        Assert.Equal("false", container.Text("securityContext.allowPrivilegeEscalation"));
        Assert.Equal(["ALL"], container.List("securityContext.capabilities.drop"));
    }

    private static string? LabelOf(object? resource) =>
        resource.At("spec.selector.matchLabels") is Dictionary<object, object?> labels && labels.TryGetValue("app.kubernetes.io/name", out var v) ? v as string : null;

    private static Dictionary<object, object?> Single(string kind, string name) =>
        Assert.Single(Manifests, m => m.Text("kind") == kind && m.Text("metadata.name") == name);

    /// <summary>A kustomization's resources: its files' documents and, for a folder, that folder's kustomization's.</summary>
    private static List<Dictionary<object, object?>> Resources(string kustomizationFolder)
    {
        var file = Path.GetFullPath(Path.Combine(kustomizationFolder, "kustomization.yaml"));
        UsedFiles.Add(file);
        var kustomization = YamlDocs.Load(file).Single();
        foreach (var patch in kustomization.List("patches"))
        {
            UsedFiles.Add(Path.GetFullPath(Path.Combine(kustomizationFolder, patch.Text("path")!)));
        }

        var documents = new List<Dictionary<object, object?>>();
        foreach (var resource in kustomization.List("resources").Cast<string>())
        {
            var path = Path.GetFullPath(Path.Combine(kustomizationFolder, resource));
            if (!Directory.Exists(path))
            {
                UsedFiles.Add(path);
            }

            documents.AddRange(Directory.Exists(path) ? Resources(path) : YamlDocs.Load(path));
        }

        return documents;
    }
}
