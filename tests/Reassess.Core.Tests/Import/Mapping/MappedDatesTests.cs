using Reassess.Import.Mapping;

namespace Reassess.Tests.Import.Mapping;

/// <summary>
/// The date reader a mapping's date columns go through (it remembers each value it has read and passes ISO dates without
/// the parser) gives exactly what .NET's parser with the mapping's formats gives, for good and bad values alike, the first
/// time and when the value comes again.
/// </summary>
public sealed class MappedDatesTests
{
    public static TheoryData<string, string> Cases() => new()
    {
        { "dd/MM/yyyy|dd/MM/yyyy HH:mm", "12/03/2014" },
        { "dd/MM/yyyy|dd/MM/yyyy HH:mm", "12/03/2014 14:05" },
        { "dd/MM/yyyy|dd/MM/yyyy HH:mm", "2014-03-12" },
        { "dd/MM/yyyy|dd/MM/yyyy HH:mm", "2014-03-12T14:05:00" },
        { "dd/MM/yyyy|dd/MM/yyyy HH:mm", "0001-01-01" },
        { "dd/MM/yyyy|dd/MM/yyyy HH:mm", "9999-12-31" },
        { "dd/MM/yyyy|dd/MM/yyyy HH:mm", "2016-02-29" },
        { "dd/MM/yyyy|dd/MM/yyyy HH:mm", "29/02/2016" },
        { "dd/MM/yyyy|dd/MM/yyyy HH:mm", "12/03/2014  14:05" },
        { "dd/MM/yyyy|dd/MM/yyyy HH:mm", "12 /03/2014" },
        // Bad: not a day, not in the formats, ISO-looking but not a date, half a date, no date at all.
        { "dd/MM/yyyy|dd/MM/yyyy HH:mm", "29/02/2015" },
        { "dd/MM/yyyy|dd/MM/yyyy HH:mm", "31/04/2014" },
        { "dd/MM/yyyy|dd/MM/yyyy HH:mm", "26-07-2003" },
        { "dd/MM/yyyy|dd/MM/yyyy HH:mm", "1/3/2014" },
        { "dd/MM/yyyy|dd/MM/yyyy HH:mm", "12/03/14" },
        { "dd/MM/yyyy|dd/MM/yyyy HH:mm", "2015-02-29" },
        { "dd/MM/yyyy|dd/MM/yyyy HH:mm", "0000-01-01" },
        { "dd/MM/yyyy|dd/MM/yyyy HH:mm", "2014-13-01" },
        { "dd/MM/yyyy|dd/MM/yyyy HH:mm", "2014-3-12" },
        { "dd/MM/yyyy|dd/MM/yyyy HH:mm", "2014/03/12" },
        { "dd/MM/yyyy|dd/MM/yyyy HH:mm", "2014-03-1a" },
        { "dd/MM/yyyy|dd/MM/yyyy HH:mm", "\uFF12\uFF10\uFF11\uFF14-03-12" },
        { "dd/MM/yyyy|dd/MM/yyyy HH:mm", "12/03/2014 25:00" },
        { "dd/MM/yyyy|dd/MM/yyyy HH:mm", "yesterday" },
        { "dd/MM/yyyy|dd/MM/yyyy HH:mm", "-" },
        { "d/M/yyyy", "1/3/2014" },
        { "d/M/yyyy", "01/03/2014" },
        { "d/M/yyyy", "1/13/2014" },
        { "yyyyMMdd", "20140312" },
        { "yyyyMMdd", "20140231" },
        { "yyyyMMdd", "2014031" },
        { "dd-MMM-yyyy", "12-Mar-2014" },
        { "dd-MMM-yyyy", "12-MAR-2014" },
        { "dd-MMM-yyyy", "12-Mrz-2014" },
        { "MM/dd/yyyy|dd/MM/yyyy", "03/12/2014" },
        { "MM/dd/yyyy|dd/MM/yyyy", "13/03/2014" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_value_reads_as_the_plain_parser_reads_it_the_first_time_and_again(string formats, string value)
    {
        var dates = new MappedDates(formats.Split('|'));
        var expected = Plain(value, formats.Split('|'));
        for (var time = 0; time < 2; time++)
        {
            string? error = null;
            var read = dates.Read(value, ref error);
            Assert.Equal(expected, (read, error));
        }
    }

    [Fact]
    public void Past_the_values_it_remembers_it_still_reads_each_one()
    {
        var dates = new MappedDates(["dd/MM/yyyy"]);
        var day = new DateOnly(1900, 1, 1);
        var values = Enumerable.Range(0, MappedDates.MaxValues + 100).Select(i => day.AddDays(i).ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture)).ToList();
        foreach (var value in values.Concat(values.Take(10)).Concat(values.TakeLast(10)))
        {
            string? error = null;
            Assert.Equal(Plain(value, ["dd/MM/yyyy"]), (dates.Read(value, ref error), error));
        }
    }

    [Fact]
    public void The_reason_for_a_bad_date_names_every_format_tried() =>
        Assert.Equal("'31/02/2014' is not a date in the format dd/MM/yyyy or yyyyMMdd", MappedDates.Problem("31/02/2014", ["dd/MM/yyyy", "yyyyMMdd"]));

    /// <summary>The reading as it was before the reader remembered values: ISO first, then the formats, each value parsed.</summary>
    private static (string? Read, string? Error) Plain(string value, string[] formats)
    {
        if (DateTime.TryParseExact(value, ["yyyy-MM-dd", "yyyy-MM-dd'T'HH:mm:ss"], System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var iso))
            return (iso.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), null);
        if (DateTime.TryParseExact(value, formats, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AllowWhiteSpaces, out var date))
            return (date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), null);
        return (value, $"'{value}' is not a date in the format {string.Join(" or ", formats)}");
    }
}
