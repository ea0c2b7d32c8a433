using System.Globalization;

namespace Reassess.Synthesis;

/// <summary>How big a synthetic extract is: <c>met</c>, <c>national</c> or a number of investigations.</summary>
public readonly record struct SynthesisScale(SynthesisScaleKind Kind, int Investigations)
{
    public static readonly SynthesisScale Met = new(SynthesisScaleKind.Met, 0);
    public static readonly SynthesisScale National = new(SynthesisScaleKind.National, 0);

    public static SynthesisScale Count(int investigations)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(investigations);
        return new(SynthesisScaleKind.Count, investigations);
    }

    /// <summary>Reads <c>met</c>, <c>national</c> or a positive whole number.</summary>
    public static bool TryParse(string? text, out SynthesisScale scale)
    {
        scale = Met;
        if (string.IsNullOrWhiteSpace(text)) return true;
        text = text.Trim();
        if (text.Equals("met", StringComparison.OrdinalIgnoreCase)) return true;
        if (text.Equals("national", StringComparison.OrdinalIgnoreCase)) { scale = National; return true; }
        if (int.TryParse(text.Replace("_", "", StringComparison.Ordinal), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0)
        {
            scale = Count(n);
            return true;
        }
        return false;
    }

    public override string ToString() => Kind switch
    {
        SynthesisScaleKind.Met => "met",
        SynthesisScaleKind.National => "national",
        _ => Investigations.ToString(CultureInfo.InvariantCulture),
    };
}

public enum SynthesisScaleKind { Met, National, Count }

/// <summary>What to generate. The same options (seed and as-of date included) always give the same bytes.</summary>
public sealed record SynthesisOptions
{
    /// <summary>
    /// Investigations a year in the <c>met</c> scale, calibrated so that the <c>met-2025</c> profile selects about 600
    /// candidates a year (9,000 over 15 years), as the Metropolitan Police Service planned for.
    /// </summary>
    public const int MetInvestigationsPerYear = 4_400;

    /// <summary>Investigations over 15 years in the <c>national</c> scale (43 forces).</summary>
    public const int NationalInvestigations = 1_200_000;

    public SynthesisScale Scale { get; init; } = SynthesisScale.Met;

    /// <summary>How many forces, largest first from <see cref="ForceCatalogue"/>; null = 1 (43 for national).</summary>
    public int? Forces { get; init; }

    /// <summary>Years of recorded crime, ending at <see cref="AsOf"/>.</summary>
    public int Years { get; init; } = 15;

    /// <summary>The last day of the extract: nothing is recorded, decided or dies after it.</summary>
    public required DateOnly AsOf { get; init; }

    public ulong Seed { get; init; } = 1;

    /// <summary>The forces to generate with the investigations each holds (background and network ones together).</summary>
    public IReadOnlyList<(SyntheticForce Force, int Investigations)> Plan()
    {
        if (Years is < 1 or > 50) throw new ArgumentOutOfRangeException(nameof(Years), Years, "Years must be 1 to 50.");
        var forceCount = Forces ?? (Scale.Kind == SynthesisScaleKind.National ? ForceCatalogue.All.Count : 1);
        if (forceCount < 1 || forceCount > ForceCatalogue.All.Count)
            throw new ArgumentOutOfRangeException(nameof(Forces), forceCount, $"Forces must be 1 to {ForceCatalogue.All.Count}.");
        var forces = ForceCatalogue.All.Take(forceCount).ToArray();
        return Scale.Kind switch
        {
            // The Met keeps its calibrated size; any further force is sized by its weight relative to the Met.
            SynthesisScaleKind.Met => [.. forces.Select(f =>
                (f, (int)Math.Round((double)MetInvestigationsPerYear * Years * f.Weight / ForceCatalogue.All[0].Weight)))],
            SynthesisScaleKind.National => Split(forces, (int)Math.Round((double)NationalInvestigations * Years / 15)),
            _ => Split(forces, Scale.Investigations),
        };
    }

    /// <summary>Splits <paramref name="total"/> by weight, largest remainders first, so the parts sum exactly.</summary>
    private static (SyntheticForce, int)[] Split(SyntheticForce[] forces, int total)
    {
        var sum = forces.Sum(f => f.Weight);
        var exact = forces.Select(f => total * f.Weight / sum).ToArray();
        var parts = exact.Select(e => (int)Math.Floor(e)).ToArray();
        var left = total - parts.Sum();
        foreach (var i in Enumerable.Range(0, forces.Length).OrderByDescending(i => exact[i] - parts[i]).ThenBy(i => i).Take(left))
            parts[i]++;
        return [.. forces.Select((f, i) => (f, parts[i]))];
    }
}
