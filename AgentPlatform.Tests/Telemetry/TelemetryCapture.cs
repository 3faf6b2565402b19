using System.Collections.Concurrent;
using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Logs;

namespace AgentPlatform.Tests.Telemetry;

/// <summary>
/// What the services' OpenTelemetry providers export, flattened to text as it leaves the process: each span's names,
/// tags, events and baggage, and each log record's category, message, body, attributes, scopes and exception.
/// Log records are pooled by the SDK, so each is copied when it is exported.
/// </summary>
public sealed class TelemetryCapture
{
    public ConcurrentQueue<string> Spans { get; } = new();

    public ConcurrentQueue<string> Logs { get; } = new();

    public BaseExporter<Activity> SpanExporter => new SpanCollector(this);

    public BaseExporter<LogRecord> LogExporter => new LogCollector(this);

    private sealed class SpanCollector(TelemetryCapture capture) : BaseExporter<Activity>
    {
        public override ExportResult Export(in Batch<Activity> batch)
        {
            foreach (var span in batch)
            {
                var tags = span.TagObjects.Select(t => $"{t.Key}={t.Value}");
                var events = span.Events.SelectMany(e => e.Tags.Select(t => $"{t.Key}={t.Value}").Prepend(e.Name));
                var baggage = span.Baggage.Select(b => $"{b.Key}={b.Value}");
                capture.Spans.Enqueue($"{span.Source.Name} {span.OperationName} {span.DisplayName} {span.StatusDescription} | "
                    + string.Join("; ", tags.Concat(events).Concat(baggage)));
            }

            return ExportResult.Success;
        }
    }

    private sealed class LogCollector(TelemetryCapture capture) : BaseExporter<LogRecord>
    {
        public override ExportResult Export(in Batch<LogRecord> batch)
        {
            foreach (var record in batch)
            {
                var scopes = new List<string>();
                record.ForEachScope((scope, list) =>
                {
                    list.Add(scope.Scope?.ToString() ?? "");
                    foreach (var pair in scope)
                    {
                        list.Add($"{pair.Key}={pair.Value}");
                    }
                }, scopes);
                var attributes = record.Attributes?.Select(a => $"{a.Key}={a.Value}") ?? [];
                capture.Logs.Enqueue($"{record.CategoryName} {record.EventId} {record.FormattedMessage} {record.Body} | "
                    + string.Join("; ", attributes) + " | " + string.Join("; ", scopes) + " | " + record.Exception);
            }

            return ExportResult.Success;
        }
    }
}
