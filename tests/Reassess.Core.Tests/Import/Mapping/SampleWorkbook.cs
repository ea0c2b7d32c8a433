using MiniExcelLibs;

namespace Reassess.Tests.Import.Mapping;

/// <summary>
/// The fictional Athena-like workbook of samples/layouts/athena-like (athena-export.xlsx), written with MiniExcel, the
/// library the mapping reads .xlsx with. Everything in it is invented: names, postcodes (ZX…), registrations, phones in
/// the 07700 900xxx drama range. <c>REASSESS_WRITE_SAMPLES=1</c> makes <see cref="SampleWorkbookTests"/> write it again.
/// </summary>
internal static class SampleWorkbook
{
    public const string FileName = "athena-export.xlsx";

    private static DateTime D(int y, int m, int d) => new(y, m, d, 0, 0, 0, DateTimeKind.Unspecified);

    private static Dictionary<string, object?> Row(params (string Column, object? Value)[] cells) => cells.ToDictionary(c => c.Column, c => c.Value);

    /// <summary>The sheets, in order, each a list of rows (column → value; a DateTime is a date cell, a number a number cell, a bool a boolean cell).</summary>
    public static IReadOnlyList<(string Sheet, List<Dictionary<string, object?>> Rows)> Sheets()
    {
        const string Force = "Wessex Vale Police";
        List<Dictionary<string, object?>> crimes =
        [
            Crime("WV-2015-000112", D(2015, 2, 9), D(2014, 12, 1), D(2015, 1, 31), "71", "19D", "NFA-EVIDENCE", "20150815", true, "ZX7 1AA", "A 14-year-old girl was given alcohol and abused by two older men at a flat."),
            Crime("WV-2016-004410", D(2016, 7, 21), D(2016, 7, 20), null, "20B", null, "NFA-VICTIM", "20161103", false, "ZX7 2BB", "A 10-year-old boy disclosed sexual assault by an uncle."),
            Crime("WV-2017-001987", D(2017, 4, 3), D(2016, 9, 1), D(2017, 3, 30), "19D", "71/17", "CHARGED", "20170922", true, "ZX7 3CC", "Grooming and rape of a 15-year-old girl by a man she met through a social media app."),
            Crime("WV-2018-000355", D(2018, 1, 15), D(2018, 1, 14), null, "20A", null, "NO-SUSPECT", "20180402", false, "ZX7 4DD", "Indecent exposure to a 12-year-old walking home from school."),
            Crime("WV-2019-007001", D(2019, 10, 8), D(2019, 6, 1), D(2019, 9, 30), "22B", null, "NFA-POLICE-PI", "20200130", false, "ZX7 5EE", "A sports coach sent sexual messages to a 13-year-old club member."),
            Crime("WV-2020-000078", D(2020, 1, 20), D(2019, 11, 1), D(2020, 1, 10), "17B", null, null, null, false, "ZX7 6FF", "Sexual touching of a 14-year-old boy by an older neighbour; still under investigation."),
        ];
        Dictionary<string, object?> Crime(string id, DateTime recorded, DateTime from, DateTime? to, string homs1, string? homs2, string? finalisation,
            string? finalised, bool cse, string postcode, string summary) =>
            Row(("CRIME_NUMBER", id), ("OWNING_FORCE", Force), ("DATE_RECORDED", recorded), ("OFFENCE_START", from), ("OFFENCE_END", to),
                ("HOMS_CLASS", homs1), ("HOMS_CLASS_2", homs2), ("FINALISATION", finalisation), ("FINALISATION_DATE", finalised),
                ("CSE_FLAG", cse), ("LOCATION_POSTCODE", postcode), ("SUMMARY", summary), ("SUPERVISOR", "DS 4102"));

        List<Dictionary<string, object?>> persons =
        [
            Person("WV-P-20001", "INVENTIVE", "Lily", "May", D(2000, 6, 2), 2, "W1", "GBR", null),
            Person("WV-P-20002", "HYPOTHETIC", "Dean", null, D(1979, 3, 14), 1, "W1", "GBR", "98/765432H"),
            Person("WV-P-20003", "CONTRIVA", "Marcus", "Lee", D(1986, 11, 30), 1, "B1", "GBR", "04/112233R"),
            Person("WV-P-20004", "MAKEBELIEVE", "Tom", null, D(2006, 1, 19), 1, "W1", "GBR", null),
            Person("WV-P-20005", "MAKEBELIEVE", "Gary", "John", D(1972, 8, 8), 1, "W1", "GBR", "90/445566S"),
            Person("WV-P-20006", "STORYBROOK", "Ella", null, D(2001, 12, 25), 2, "A1", "GBR", null),
            Person("WV-P-20007", "TALEWRIGHT", "Ryan", null, D(1990, 5, 5), 1, "W2", "IRL", "09/667788T"),
            Person("WV-P-20008", "PROTOTYPE", "Sophie", "Anne", D(2005, 9, 9), 2, "W1", "GBR", null),
            Person("WV-P-20009", "UNKNOWN", null, null, null, 9, null, null, null),
            Person("WV-P-20010", "SIMULANT", "Harvey", null, D(2006, 4, 1), 1, "M2", "GBR", null),
            Person("WV-P-20011", "FIGMENT", "Neil", "Andrew", D(1968, 2, 28), 1, "W1", "GBR", "85/990011K"),
            Person("WV-P-20012", "PARODY", "Keith", null, D(1959, 7, 17), 1, "W1", "GBR", "80/121212P"),
            Person("WV-P-20013", "HYPOTHETIC", "Carla", null, D(1981, 10, 10), 2, "W1", "GBR", null),
        ];
        Dictionary<string, object?> Person(string urn, string surname, string? forename1, string? forename2, DateTime? born, int sex, string? ethnicity,
            string? nationality, string? pnc) =>
            Row(("PERSON_URN", urn), ("SURNAME", surname), ("FORENAME_1", forename1), ("FORENAME_2", forename2), ("BIRTH_DATE", born),
                ("SEX", sex), ("ETHNICITY", ethnicity), ("NATIONALITY", nationality), ("PNC_NO", pnc));

        List<Dictionary<string, object?>> victims =
        [
            Link("WV-2015-000112", "WV-P-20001"), Link("WV-2016-004410", "WV-P-20004"), Link("WV-2017-001987", "WV-P-20006"),
            Link("WV-2018-000355", "WV-P-20008"), Link("WV-2019-007001", "WV-P-20010"), Link("WV-2020-000078", "WV-P-20004"),
        ];
        static Dictionary<string, object?> Link(string crime, string person) => Row(("CRIME_NUMBER", crime), ("PERSON_URN", person));

        List<Dictionary<string, object?>> suspects =
        [
            Suspect("WV-2015-000112", "WV-P-20002", "ACQUAINTANCE", "NFA", true),
            Suspect("WV-2015-000112", "WV-P-20003", "ACQUAINTANCE", "NFA", true),
            Suspect("WV-2016-004410", "WV-P-20005", "RELATIVE", "NFA", true),
            Suspect("WV-2017-001987", "WV-P-20007", "ONLINE", "CHARGED", true),
            Suspect("WV-2018-000355", "WV-P-20009", "STRANGER", "NOT ARRESTED", false),
            Suspect("WV-2019-007001", "WV-P-20011", "COACH", "OTHER", false),
            Suspect("WV-2020-000078", "WV-P-20012", "NEIGHBOUR", "RUI", true),
        ];
        static Dictionary<string, object?> Suspect(string crime, string person, string relationship, string outcome, bool arrested) =>
            Row(("CRIME_NUMBER", crime), ("PERSON_URN", person), ("RELATIONSHIP", relationship), ("SUSPECT_OUTCOME", outcome), ("ARRESTED", arrested));

        List<Dictionary<string, object?>> witnesses = [Link("WV-2015-000112", "WV-P-20013"), Link("WV-2017-001987", "WV-P-20001")];

        List<Dictionary<string, object?>> vehicles =
        [
            Row(("PERSON_URN", "WV-P-20002"), ("CRIME_NUMBER", "WV-2015-000112"), ("VRM", "ZX15 VLP"), ("PHONE", "07700 900711"), ("DESCRIPTION", "blue estate car used to collect the victim")),
            Row(("PERSON_URN", "WV-P-20007"), ("CRIME_NUMBER", "WV-2017-001987"), ("VRM", "ZX09 QRT"), ("PHONE", "07700 900712"), ("DESCRIPTION", "suspect's van")),
            Row(("PERSON_URN", "WV-P-20003"), ("CRIME_NUMBER", null), ("VRM", null), ("PHONE", "07700900713"), ("DESCRIPTION", "mobile on arrest record")),
        ];
        return [("Crimes", crimes), ("Persons", persons), ("Victims", victims), ("Suspects", suspects), ("Witnesses", witnesses), ("Contacts", vehicles)];
    }

    public static void Write(string path)
    {
        var sheets = new Dictionary<string, object>();
        foreach (var (sheet, rows) in Sheets()) sheets.Add(sheet, rows);
        MiniExcel.SaveAs(path, sheets, overwriteFile: true);
    }
}
