using System.Text.Json;
using Microsoft.Extensions.AI;

namespace AgentPlatform.Tests.Tools;

/// <summary>Arguments arrive as JSON from a model or as plain values from code; both read the same, mistakes are ToolExceptions.</summary>
public sealed class ToolArgumentsTests
{
    private static AIFunctionArguments Args(object? value) => new() { ["a"] = value };

    private static object Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    [Fact]
    public void A_string_reads_from_a_plain_value_and_from_json()
    {
        Assert.Equal("x", ToolArguments.OptionalString(Args("x"), "a"));
        Assert.Equal("y", ToolArguments.OptionalString(Args(Json("\"y\"")), "a"));
        Assert.Equal("z", ToolArguments.RequiredString(Args("z"), "a"));
    }

    [Fact]
    public void A_missing_or_null_string_is_null_and_required_names_the_argument()
    {
        Assert.Null(ToolArguments.OptionalString(new AIFunctionArguments(), "a"));
        Assert.Null(ToolArguments.OptionalString(Args(null), "a"));
        Assert.Null(ToolArguments.OptionalString(Args(Json("null")), "a"));
        Assert.Null(ToolArguments.OptionalString(Args(default(JsonElement)), "a"));
        var error = Assert.Throws<ToolException>(() => ToolArguments.RequiredString(Args(Json("null")), "a"));
        Assert.Equal("The argument 'a' is required.", error.Message);
    }

    [Theory]
    [InlineData("12")]
    [InlineData("true")]
    [InlineData("[\"x\"]")]
    public void A_non_string_json_value_is_refused_as_a_string(string json)
    {
        var error = Assert.Throws<ToolException>(() => ToolArguments.OptionalString(Args(Json(json)), "a"));
        Assert.Equal("The argument 'a' must be a string.", error.Message);
        Assert.Throws<ToolException>(() => ToolArguments.OptionalString(Args(12), "a"));
    }

    [Fact]
    public void An_integer_reads_from_int_long_json_numbers_and_numeric_strings()
    {
        Assert.Equal(3, ToolArguments.OptionalInt(Args(3), "a"));
        Assert.Equal(4, ToolArguments.OptionalInt(Args(4L), "a"));
        Assert.Equal(int.MinValue, ToolArguments.OptionalInt(Args((long)int.MinValue), "a"));
        Assert.Equal(int.MaxValue, ToolArguments.OptionalInt(Args((long)int.MaxValue), "a"));
        Assert.Equal(5, ToolArguments.OptionalInt(Args(Json("5")), "a"));
        Assert.Equal(-6, ToolArguments.OptionalInt(Args(Json("\"-6\"")), "a"));
        Assert.Equal(7, ToolArguments.OptionalInt(Args("7"), "a"));
    }

    [Fact]
    public void A_missing_or_null_integer_is_null()
    {
        Assert.Null(ToolArguments.OptionalInt(new AIFunctionArguments(), "a"));
        Assert.Null(ToolArguments.OptionalInt(Args(null), "a"));
        Assert.Null(ToolArguments.OptionalInt(Args(Json("null")), "a"));
        Assert.Null(ToolArguments.OptionalInt(Args(default(JsonElement)), "a"));
    }

    public static TheoryData<object> NotIntegers() => new()
    {
        (long)int.MaxValue + 1,
        (long)int.MinValue - 1,
        Json("1.5"),
        Json("3000000000"),
        Json("\"five\""),
        Json("\"1.0\""),
        Json("true"),
        "five",
        2.0,
    };

    [Theory]
    [MemberData(nameof(NotIntegers))]
    public void A_value_that_is_no_32_bit_integer_is_refused(object value)
    {
        var error = Assert.Throws<ToolException>(() => ToolArguments.OptionalInt(Args(value), "a"));
        Assert.Equal("The argument 'a' must be an integer.", error.Message);
    }

    [Fact]
    public void An_integer_array_reads_from_arrays_sequences_and_json()
    {
        int[] array = [1, 2];
        Assert.Same(array, ToolArguments.OptionalIntArray(Args(array), "a"));
        Assert.Equal([3, 4], ToolArguments.OptionalIntArray(Args(new List<int> { 3, 4 }), "a")!);
        Assert.Equal([5, 6], ToolArguments.OptionalIntArray(Args(Json("[5, 6]")), "a")!);
        Assert.Empty(ToolArguments.OptionalIntArray(Args(Json("[]")), "a")!);
    }

    [Fact]
    public void A_missing_or_null_integer_array_is_null()
    {
        Assert.Null(ToolArguments.OptionalIntArray(new AIFunctionArguments(), "a"));
        Assert.Null(ToolArguments.OptionalIntArray(Args(null), "a"));
        Assert.Null(ToolArguments.OptionalIntArray(Args(Json("null")), "a"));
        Assert.Null(ToolArguments.OptionalIntArray(Args(default(JsonElement)), "a"));
    }

    [Theory]
    [InlineData("[1, \"2\"]")]
    [InlineData("[1.5]")]
    [InlineData("{\"x\": 1}")]
    [InlineData("\"1,2\"")]
    public void A_json_value_that_is_no_integer_array_is_refused(string json)
    {
        var error = Assert.Throws<ToolException>(() => ToolArguments.OptionalIntArray(Args(Json(json)), "a"));
        Assert.Equal("The argument 'a' must be an array of integers.", error.Message);
        Assert.Throws<ToolException>(() => ToolArguments.OptionalIntArray(Args(new[] { "1" }), "a"));
    }
}
