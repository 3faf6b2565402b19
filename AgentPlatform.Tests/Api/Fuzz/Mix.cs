using CsCheck;

namespace AgentPlatform.Tests.Api.Fuzz;

/// <summary>
/// CsCheck 5's <c>Gen.Frequency</c> and <c>Gen.Const</c> overloads are ambiguous for generators of tuples and for
/// null constants: these two pick the generator overloads explicitly.
/// </summary>
public static class Mix
{
    public static Gen<T> Of<T>(params (int Weight, Gen<T> Gen)[] gens) =>
        Gen.Frequency(gens.Select(g => (g.Weight, (IGen<T>)g.Gen)).ToArray());

    public static Gen<T> Just<T>(T value) => Gen.Const(() => value);
}
