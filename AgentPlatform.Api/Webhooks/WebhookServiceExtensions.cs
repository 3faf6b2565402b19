namespace AgentPlatform.Api.Webhooks;

public static class WebhookServiceExtensions
{
    /// <summary>The deployment's default webhook, checked at start by the same rules as a request's.</summary>
    public static IHostApplicationBuilder AddWebhookDefaults(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<WebhookDefaultOptions>().BindConfiguration(WebhookDefaultOptions.Section)
            .Validate(o =>
            {
                if (string.IsNullOrEmpty(o.Url))
                {
                    return o.Secret is null;
                }

                var errors = new Dictionary<string, string[]>();
                WebhookRules.Check("Webhooks:Default", o.Url, o.Secret, errors);
                return errors.Count == 0;
            }, "Webhooks:Default needs an absolute http(s) Url and, if set, a Secret of 16 to 256 characters (whsec_ + base64, or any text).")
            .ValidateOnStart();
        return builder;
    }
}
