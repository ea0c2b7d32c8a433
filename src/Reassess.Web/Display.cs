using System.Globalization;
using Reassess.Records;

namespace Reassess.Web;

/// <summary>How the pages word codes and times: spec tokens as plain words, times in UK local time.</summary>
public static class Display
{
    /// <summary><c>InReview</c> → "in review".</summary>
    public static string Of<TEnum>(TEnum value) where TEnum : struct, Enum => Token.Of(value).Replace('_', ' ');

    public static string Of<TEnum>(TEnum? value, string missing = "not given") where TEnum : struct, Enum =>
        value is { } v ? Of(v) : missing;

    /// <summary>All values of an enum with their words, for a select list.</summary>
    public static IEnumerable<(string Value, string Text)> Options<TEnum>() where TEnum : struct, Enum =>
        Enum.GetValues<TEnum>().Select(v => (v.ToString(), Of(v)));

    private static readonly TimeZoneInfo London = FindLondon();

    public static string Time(DateTimeOffset? at) =>
        at is { } t ? TimeZoneInfo.ConvertTime(t, London).ToString("d MMM yyyy HH:mm", CultureInfo.InvariantCulture) : "";

    /// <summary>The time of day in the UK (<c>14:02</c>), as the review page says when its draft was last saved.</summary>
    public static string ClockTime(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, London).ToString("HH:mm", CultureInfo.InvariantCulture);

    /// <summary>The instant a UK calendar day starts (midnight in London), for date-range filters.</summary>
    public static DateTimeOffset StartOfUkDay(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, London.GetUtcOffset(local));
    }

    public static string Date(DateOnly? d) => d?.ToString("d MMM yyyy", CultureInfo.InvariantCulture) ?? "";

    public static string Number(double d) => d.ToString("0.##", CultureInfo.InvariantCulture);

    private static TimeZoneInfo FindLondon()
    {
        try { return TimeZoneInfo.FindSystemTimeZoneById("Europe/London"); }
        catch (TimeZoneNotFoundException) { return TimeZoneInfo.Utc; }
    }
}
