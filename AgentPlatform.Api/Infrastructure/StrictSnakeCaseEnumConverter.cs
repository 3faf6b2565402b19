using System.Text.Json;
using System.Text.Json.Serialization;

namespace AgentPlatform.Api.Infrastructure;

/// <summary>
/// Enum values as the contract spells them (snake_case), and only so. Written by hand because
/// <see cref="JsonStringEnumConverter"/> also reads the C# names and any casing ("SimpleQuery", "GENERAL"), which
/// query strings refuse: one rule for request bodies and queries. Only the Api reads requests with it; the OpenAPI
/// document gets the enum values from a schema transformer (a custom converter hides them from the schema exporter).
/// </summary>
public sealed class StrictSnakeCaseEnumConverter : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum;

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(Converter<>).MakeGenericType(typeToConvert))!;

    private sealed class Converter<TEnum> : JsonConverter<TEnum> where TEnum : struct, Enum
    {
        private static readonly Dictionary<string, TEnum> ByWire =
            Enum.GetValues<TEnum>().ToDictionary(v => JsonDefaults.Wire(v), v => v, StringComparer.Ordinal);

        public override TEnum Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.String && ByWire.TryGetValue(reader.GetString()!, out var value))
            {
                return value;
            }

            throw new JsonException($"Expected one of {string.Join(", ", ByWire.Keys)}.");
        }

        public override void Write(Utf8JsonWriter writer, TEnum value, JsonSerializerOptions options) =>
            writer.WriteStringValue(JsonDefaults.Wire(value));

        public override TEnum ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            ByWire.TryGetValue(reader.GetString()!, out var value) ? value : throw new JsonException($"Expected one of {string.Join(", ", ByWire.Keys)}.");

        public override void WriteAsPropertyName(Utf8JsonWriter writer, TEnum value, JsonSerializerOptions options) =>
            writer.WritePropertyName(JsonDefaults.Wire(value));
    }
}
