using Polly;
using Polly.CircuitBreaker;
using CircuitState = AgentPlatform.Core.Tools.CircuitState;
using PollyCircuitState = Polly.CircuitBreaker.CircuitState;

namespace AgentPlatform.Worker.Tools.Circuits;

/// <summary>One tool with its own Polly pipeline: a circuit breaker around a timeout (a timeout counts as a failure).</summary>
internal sealed class ToolCircuit
{
    private readonly CircuitBreakerStateProvider _state = new();
    private readonly CircuitBreakerManualControl _control = new();
    private readonly TimeProvider _clock;
    private long _trialAtTicks;

    public ToolCircuit(AgentTool tool, ToolCircuitBreakerOptions options, TimeProvider clock, Action<AgentTool, CircuitState> onTransition)
    {
        Tool = tool;
        _clock = clock;
        var builder = new ResiliencePipelineBuilder { Name = tool.Name, TimeProvider = clock }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                FailureRatio = options.FailureRatio,
                MinimumThroughput = options.MinimumThroughput,
                SamplingDuration = options.SamplingDuration,
                BreakDuration = options.BreakDuration,
                ShouldHandle = args => ValueTask.FromResult(CountsAsFailure(args.Outcome.Exception)),
                ManualControl = _control,
                StateProvider = _state,
                OnOpened = args =>
                {
                    Volatile.Write(ref _trialAtTicks, (clock.GetUtcNow() + args.BreakDuration).UtcTicks);
                    onTransition(tool, CircuitState.Open);
                    return ValueTask.CompletedTask;
                },
                OnHalfOpened = _ =>
                {
                    onTransition(tool, CircuitState.HalfOpen);
                    return ValueTask.CompletedTask;
                },
                OnClosed = _ =>
                {
                    onTransition(tool, CircuitState.Closed);
                    return ValueTask.CompletedTask;
                },
            });
        if (tool is ExecutableTool { TimesItself: false } executable)
        {
            builder.AddTimeout(executable.Timeout);
        }

        Pipeline = builder.Build();
    }

    public AgentTool Tool { get; }

    public ResiliencePipeline Pipeline { get; }

    public CircuitState State => _state.CircuitState switch
    {
        PollyCircuitState.Closed => CircuitState.Closed,
        PollyCircuitState.HalfOpen => CircuitState.HalfOpen,
        _ => CircuitState.Open,
    };

    /// <summary>Open, but the break is over: the next call is the trial that closes the circuit or opens it again.</summary>
    public bool AwaitingTrial =>
        _state.CircuitState == PollyCircuitState.Open && _clock.GetUtcNow().UtcTicks >= Volatile.Read(ref _trialAtTicks);

    public Task CloseAsync(CancellationToken cancellationToken) => _control.CloseAsync(cancellationToken);

    /// <summary>The tool is broken, not the call: wrong calls and the caller's cancellation do not count.</summary>
    private static bool CountsAsFailure(Exception? exception) =>
        exception is not null and not ToolException and not OperationCanceledException;
}
