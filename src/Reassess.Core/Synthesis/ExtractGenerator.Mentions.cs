using System.Globalization;
using Reassess.Import;
using Reassess.Records;

namespace Reassess.Synthesis;

public sealed partial class ExtractGenerator
{
    /// <summary>About one summary in twenty mentions a phone, vehicle or email that the investigation never recorded.</summary>
    private const double MentionRate = 0.05;

    /// <summary>Of those mentions, the share that is a value recorded shortly before in another investigation (any force).</summary>
    private const double RecordedElsewhereRate = 0.35;

    private static readonly string[] MentionForenames = ["jo", "sam", "alex", "kim", "lee", "chris", "jamie", "robin"];
    private static readonly string[] MentionSurnames = ["river", "stone", "brook", "field", "marsh", "hollow", "dale", "fern"];

    /// <summary>
    /// Appends, now and then, a sentence to <paramref name="investigation"/>'s summary that writes down an identifier as an
    /// officer might (a vehicle the victim saw, the number that messaged her, an email address), as the 2025 audit found:
    /// sometimes a value recorded in another investigation, otherwise one recorded nowhere. Returns the values mentioned,
    /// normalised as the import normalises them. Draws only from its own random sequence.
    /// </summary>
    private List<(IdentifierKind Kind, string Value)> PlantMentions(Investigation investigation)
    {
        var r = _mentionRandom;
        var planted = new List<(IdentifierKind, string)>();
        if (!r.Chance(MentionRate)) return planted;
        var count = r.Chance(0.1) ? 2 : 1;
        for (var i = 0; i < count; i++)
        {
            var (kind, raw) = MentionValue(r, investigation.OffenceFrom);
            var (written, value) = kind switch
            {
                IdentifierKind.Vehicle => WrittenVehicle(raw, r),
                IdentifierKind.Phone => WrittenPhone(raw, r),
                _ => (r.Chance(0.3) ? char.ToUpperInvariant(raw[0]) + raw[1..] : raw, Normalise.Email(raw)),
            };
            if (value is null) continue;
            var sentence = kind switch
            {
                IdentifierKind.Vehicle => r.Pick(["The victim saw a car, registration {0}.", "Suspect was seen driving {0}.", "She was collected in a vehicle {0}."]),
                IdentifierKind.Phone => r.Pick(["Suspect messaged the victim from {0}.", "The victim was called on {0}.", "Number given by the victim: {0}."]),
                _ => r.Pick(["Messages came from {0}.", "The victim was contacted by {0}."]),
            };
            investigation.Summary += " " + string.Format(CultureInfo.InvariantCulture, sentence, written);
            planted.Add((kind, value));
        }
        return planted;
    }

    private (IdentifierKind Kind, string Raw) MentionValue(SeededRandom r, DateOnly offenceFrom)
    {
        if (r.Chance(RecordedElsewhereRate) && _recentIdentifiers[r.Next(_recentIdentifiers.Length)] is { } recorded) return recorded;
        return r.NextDouble() switch
        {
            < 0.45 => (IdentifierKind.Vehicle, FictionalMarks.Registration(offenceFrom.AddYears(-r.Next(10)), r)),
            < 0.85 => (IdentifierKind.Phone, FictionalMarks.Phone(r.Next(FictionalMarks.DramaNumbers), r)),
            _ => (IdentifierKind.Email, FictionalMarks.Email(r.Pick(MentionForenames), r.Pick(MentionSurnames), r)),
        };
    }

    private static (string Written, string? Value) WrittenVehicle(string raw, SeededRandom r)
    {
        var value = Normalise.Vehicle(raw);
        if (value is not { Length: 7 }) return (raw, null);
        var spaced = value[..4] + " " + value[4..];
        return (r.Next(4) switch { 0 => spaced, 1 => value, 2 => spaced.ToLowerInvariant(), _ => value.ToLowerInvariant() }, value);
    }

    private static (string Written, string? Value) WrittenPhone(string raw, SeededRandom r)
    {
        var value = Normalise.Phone(raw);
        if (value is null || !value.StartsWith("+447", StringComparison.Ordinal) || value.Length != 13) return (raw, null);
        var national = "0" + value[3..]; // 07700900123
        var written = r.Next(6) switch
        {
            0 => national[..5] + " " + national[5..],
            1 => national,
            2 => "+44 " + value[3..7] + " " + value[7..],
            3 => "0044 " + value[3..7] + " " + value[7..10] + " " + value[10..],
            4 => national[..5] + "-" + national[5..8] + "-" + national[8..],
            _ => national[..5] + "." + national[5..8] + "." + national[8..],
        };
        return (written, value);
    }
}
