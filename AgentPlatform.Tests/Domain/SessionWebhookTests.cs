using static AgentPlatform.Tests.Domain.DomainEvents;

namespace AgentPlatform.Tests.Domain;

public sealed class SessionWebhookTests
{
    [Theory]
    [InlineData("https://hooks.example.org/run")]
    [InlineData("http://10.0.0.1:8080/x")]
    public void An_absolute_http_or_https_url_is_kept_with_its_secret(string url)
    {
        var session = NewSession();

        session.SetWebhook(url, "whsec_abc");

        Assert.Equal((url, "whsec_abc"), (session.WebhookUrl, session.WebhookSecret));
        Assert.Equal(2, session.NewEvents.Count);
    }

    [Theory]
    [InlineData("ftp://example.org/x")]
    [InlineData("/relative/path")]
    [InlineData("not a url")]
    [InlineData("file:///etc/passwd")]
    public void Any_other_url_is_refused_naming_the_field_and_nothing_is_kept(string url)
    {
        var session = NewSession();

        var error = Assert.Throws<DomainValidationException>(() => session.SetWebhook(url, "s"));

        Assert.Equal("webhook.url", error.Field);
        Assert.Null(session.WebhookUrl);
        Assert.Null(session.WebhookSecret);
    }

    [Fact]
    public void A_failed_delivery_raises_webhook_failed_outside_any_run()
    {
        var (session, _) = Processing();

        session.RecordWebhookFailed(7, 8, "500", T0.AddSeconds(1));

        var evt = Assert.Single(session.NewEvents);
        Assert.Equal((EventTypes.WebhookFailed, (Guid?)null, T0.AddSeconds(1)), (evt.Type, evt.RunId, evt.Timestamp));
        Assert.Equal(new WebhookFailedData(7, 8, "500"), session.Single<WebhookFailedData>());
    }
}
