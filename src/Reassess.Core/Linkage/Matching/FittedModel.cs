using System.Text.Json;
using System.Text.Json.Serialization;

namespace Reassess.Linkage.Matching;

/// <summary>One compared field of a <see cref="FittedModel"/>: its levels (index 0 is "missing") with m, u and, for
/// fuzzy term-frequency levels, the mean log2 frequency over random pairs (NaN where none).</summary>
public sealed record FittedField(string Field, IReadOnlyList<string> Levels, IReadOnlyList<double> M, IReadOnlyList<double> U, IReadOnlyList<double> FuzzyMeanLog);

/// <summary>
/// Everything a full <c>reassess link</c> learnt from the data and an incremental link needs to score new records as
/// the full run scored the old ones: the prior λ, each field's m and u, the match probability chosen from the model
/// (the cut), the relational (context) field's weights per level, and the blocks each rule left out for cost (as the
/// largest block it kept). Stored as JSON with the run (<c>linkage_runs.model</c>).
/// </summary>
public sealed record FittedModel(double Lambda, double MatchProbability, IReadOnlyList<FittedField> Fields, IReadOnlyList<double>? ContextWeights,
    IReadOnlyDictionary<string, int> BlockCaps)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    /// <summary>The fields whose joint agreement is corrected for dependence (<see cref="HouseholdDependence"/>), by
    /// name; null or empty when none (a model stored before the correction existed).</summary>
    public IReadOnlyList<string>? HouseholdFields { get; init; }

    /// <summary>Per mask of <see cref="HouseholdFields"/> agreeing together, the bits taken off.</summary>
    public IReadOnlyList<double>? HouseholdCorrection { get; init; }

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>The model stored with a run, or null when the text is missing or not a model.</summary>
    public static FittedModel? FromJson(string? json)
    {
        if (string.IsNullOrWhiteSpace(json)) return null;
        try
        {
            var model = JsonSerializer.Deserialize<FittedModel>(json, Json);
            return model is { Fields: not null, BlockCaps: not null } ? model : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    internal static FittedModel Capture(FellegiSunterModel model, double matchProbability, ContextComparison? context, IReadOnlyDictionary<string, int> caps)
    {
        var fields = new List<FittedField>(model.Comparisons.Length);
        for (var k = 0; k < model.Comparisons.Length; k++)
        {
            var c = model.Comparisons[k];
            fields.Add(new FittedField(c.Field, [.. c.Levels], [.. model.M[k]], [.. model.U[k]], [.. model.FuzzyMeanLog[k]]));
        }
        return new FittedModel(model.Lambda, matchProbability, fields, context is null ? null : [.. context.Weights],
            new Dictionary<string, int>(caps, StringComparer.Ordinal))
        {
            HouseholdFields = [.. model.HouseholdFields.Select(k => model.Comparisons[k].Field)],
            HouseholdCorrection = [.. model.HouseholdCorrection],
        };
    }

    /// <summary>
    /// Sets <paramref name="model"/>'s parameters from this one, field by field; null when done, else why it cannot be
    /// (the data now has a field the model was not fitted on, or lacks one it was, or a field's levels differ).
    /// </summary>
    internal string? ApplyTo(FellegiSunterModel model)
    {
        var byName = Fields.ToDictionary(f => f.Field, StringComparer.Ordinal);
        var now = model.Comparisons.Select(c => c.Field).ToHashSet(StringComparer.Ordinal);
        var added = now.Where(f => !byName.ContainsKey(f)).Order(StringComparer.Ordinal).ToList();
        var gone = byName.Keys.Where(f => !now.Contains(f)).Order(StringComparer.Ordinal).ToList();
        if (added.Count > 0 || gone.Count > 0)
            return "the compared fields changed since the model was fitted" + (added.Count > 0 ? $" (now recorded: {string.Join(", ", added)})" : "")
                + (gone.Count > 0 ? $" (no longer recorded: {string.Join(", ", gone)})" : "");
        for (var k = 0; k < model.Comparisons.Length; k++)
        {
            var c = model.Comparisons[k];
            var f = byName[c.Field];
            if (!f.Levels.SequenceEqual(c.Levels) || f.M.Count != c.Levels.Length || f.U.Count != c.Levels.Length || f.FuzzyMeanLog.Count != c.Levels.Length)
                return $"the levels of field '{c.Field}' changed since the model was fitted";
            for (var l = 0; l < c.Levels.Length; l++)
            {
                model.M[k][l] = f.M[l];
                model.U[k][l] = f.U[l];
                model.FuzzyMeanLog[k][l] = f.FuzzyMeanLog[l];
            }
        }
        var household = HouseholdFields ?? [];
        var indexes = household.Select(name => Array.FindIndex(model.Comparisons, c => c.Field == name)).ToArray();
        if (indexes.Any(k => k < 0) || (household.Count > 0 && HouseholdCorrection?.Count != 1 << household.Count))
            return "the fields relatives share changed since the model was fitted";
        model.SetHousehold(indexes, household.Count == 0 ? [] : [.. HouseholdCorrection!]);
        model.Lambda = Lambda;
        model.UpdateWeights();
        return null;
    }
}
