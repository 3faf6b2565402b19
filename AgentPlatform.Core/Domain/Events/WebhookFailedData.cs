namespace AgentPlatform.Core.Domain.Events;

/// <summary>The webhook for the run that ended with event <paramref name="Seq"/> was not delivered after every attempt.</summary>
/// <param name="Seq">The seq of the <c>run.completed</c> event the webhook carried.</param>
/// <param name="Attempts">How many deliveries were tried.</param>
/// <param name="Error">The last attempt's failure (a status code or a connection error), without the secret.</param>
public sealed record WebhookFailedData(long Seq, int Attempts, string Error) : IEventData;
