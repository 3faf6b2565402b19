using System.Diagnostics;
using OpenTelemetry;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Copies the platform's ids carried as baggage (<c>agentplatform.session_id</c>, <c>agentplatform.run_id</c>) onto every
/// span started under them, so the model's and tools' spans carry the session and run too, not only the job's span.
/// </summary>
public sealed class BaggageTagsProcessor : BaseProcessor<Activity>
{
    public const string Prefix = "agentplatform.";

    public override void OnStart(Activity data)
    {
        foreach (var (key, value) in data.Baggage)
        {
            if (key.StartsWith(Prefix, StringComparison.Ordinal) && data.GetTagItem(key) is null)
            {
                data.SetTag(key, value);
            }
        }
    }
}
