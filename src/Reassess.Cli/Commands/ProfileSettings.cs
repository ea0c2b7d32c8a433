using System.ComponentModel;
using System.Globalization;
using Reassess.Screening;
using Spectre.Console.Cli;

namespace Reassess.Cli.Commands;

/// <summary>The options of commands that apply a criteria profile: which profile and as of which date.</summary>
public class ProfileSettings : DatabaseSettings
{
    [CommandOption("--profile <NAME>")]
    [Description("A shipped criteria profile (see 'reassess profiles'), e.g. met-2025.")]
    public string? Profile { get; init; }

    [CommandOption("--profile-file <FILE>")]
    [Description("A criteria profile JSON file of your own (instead of --profile).")]
    public string? ProfileFile { get; init; }

    [CommandOption("--as-of <DATE>")]
    [Description("The date the criteria are applied for, YYYY-MM-DD (default: today).")]
    public string? AsOf { get; init; }

    /// <summary>The profile asked for; a profile that fails to load is invalid input (exit 1).</summary>
    public CriteriaProfile LoadProfile()
    {
        if (Profile is null == ProfileFile is null) throw new UsageException("give --profile NAME or --profile-file FILE (one of them)");
        return ProfileFile is not null ? CriteriaProfileLoader.LoadFile(ProfileFile) : CriteriaProfileLoader.LoadShipped(Profile!);
    }

    /// <summary>The <c>--as-of</c> date, or null for today.</summary>
    public DateOnly? ParseAsOf() =>
        AsOf is null ? null
        : DateOnly.TryParseExact(AsOf, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d
        : throw new UsageException($"--as-of: '{AsOf}' is not a date YYYY-MM-DD");
}
