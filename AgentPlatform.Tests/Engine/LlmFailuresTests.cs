using System.ClientModel;
using System.ClientModel.Primitives;
using AgentPlatform.Worker.Agents;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace AgentPlatform.Tests.Engine;

/// <summary>How the engine sorts what a model call throws: retry later, shrink the prompt, drop the format, or give up.</summary>
public sealed class LlmFailuresTests
{
    public static TheoryData<string, bool> Unavailable => new()
    {
        { "http", true }, { "timeout", true }, { "circuit", true }, { "status-0", true }, { "status-408", true }, { "status-429", true },
        { "status-500", true }, { "status-503", true }, { "status-400", false }, { "status-401", false }, { "status-404", false },
        { "invalid-operation", false },
    };

    [Theory]
    [MemberData(nameof(Unavailable))]
    public void Network_errors_timeouts_open_circuits_and_retryable_statuses_are_unavailability(string failure, bool unavailable)
    {
        Exception exception = failure switch
        {
            "http" => new HttpRequestException("connection refused"),
            "timeout" => new TimeoutRejectedException(),
            "circuit" => new BrokenCircuitException(),
            "invalid-operation" => new InvalidOperationException(),
            _ => Rejected(int.Parse(failure["status-".Length..], System.Globalization.CultureInfo.InvariantCulture), "error"),
        };

        Assert.Equal(unavailable, LlmFailures.IsUnavailable(exception, CancellationToken.None));
        Assert.Equal(exception is ClientResultException, LlmFailures.IsRejected(exception));
    }

    [Fact]
    public void A_cancellation_is_a_timeout_unless_the_run_itself_was_stopped()
    {
        using var stopped = new CancellationTokenSource();
        stopped.Cancel();

        Assert.True(LlmFailures.IsUnavailable(new TaskCanceledException(), CancellationToken.None));
        Assert.False(LlmFailures.IsUnavailable(new OperationCanceledException(stopped.Token), stopped.Token));
    }

    [Theory]
    [InlineData(400, "This model's maximum context length is 8192 tokens.", true)]
    [InlineData(400, "code: CONTEXT_LENGTH_EXCEEDED", true)]
    [InlineData(400, "Invalid value for 'temperature'.", false)]
    [InlineData(413, "maximum context length", false)]
    public void Only_a_400_about_the_context_window_is_a_context_length_failure(int status, string message, bool expected)
    {
        Assert.Equal(expected, LlmFailures.IsContextLength(Rejected(status, message)));
        Assert.False(LlmFailures.IsContextLength(new InvalidOperationException("maximum context length")));
    }

    [Theory]
    [InlineData(400, "Invalid parameter: 'response_format' of type 'json_schema' is not supported.", true)]
    [InlineData(400, "json_schema is not supported with this model", true)]
    [InlineData(400, "Unknown parameter 'tools'.", false)]
    [InlineData(422, "response_format", false)]
    public void Only_a_400_naming_the_response_format_is_a_refused_format(int status, string message, bool expected)
    {
        Assert.Equal(expected, LlmFailures.IsResponseFormatRefused(Rejected(status, message)));
        Assert.False(LlmFailures.IsResponseFormatRefused(new HttpRequestException("response_format")));
    }

    private static ClientResultException Rejected(int status, string message) =>
        new(message, status == 0 ? null : new StatusResponse(status));

    /// <summary>Only a status: all <see cref="ClientResultException"/> reads of a response here.</summary>
    private sealed class StatusResponse(int status) : PipelineResponse
    {
        public override int Status => status;

        public override string ReasonPhrase => "";

        public override Stream? ContentStream { get; set; }

        public override BinaryData Content => BinaryData.Empty;

        protected override PipelineResponseHeaders HeadersCore => throw new NotSupportedException();

        public override BinaryData BufferContent(CancellationToken cancellationToken = default) => BinaryData.Empty;

        public override ValueTask<BinaryData> BufferContentAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult(BinaryData.Empty);

        public override void Dispose()
        {
        }
    }
}
