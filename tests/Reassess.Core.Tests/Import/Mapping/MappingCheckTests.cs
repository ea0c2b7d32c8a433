using Reassess.Import.Mapping;

namespace Reassess.Tests.Import.Mapping;

/// <summary>
/// Every mapping feature, seen through <see cref="MappingCheck"/> (no database): the rows it makes, the errors it finds and
/// where it says they are in the force's own files.
/// </summary>
public sealed class MappingCheckTests
{
    private static MappingCheckResult Check(Extract extract, string mapping, int rows = 50)
    {
        extract.Write("mapping.json", mapping);
        return MappingCheck.Run(extract.Directory, MappingDefinition.Load(extract.MappingPath), rows);
    }

    private static string? Cell(MappingCheckResult result, string table, int row, string column)
    {
        var preview = Assert.Single(result.Previews, p => p.Table == table);
        var at = preview.Columns.ToList().IndexOf(column);
        Assert.True(at >= 0, $"{table} has no column {column}");
        return preview.Rows[row].Cells[at];
    }

    private const string People = """
        NOM,NAME,BORN,GENDER,EXTRA
        N1,"SMITHSON, Alice  Mary",03/04/2001,f,x
        N2,PLACEHOLDER,,M,y
        """;

    private static string PeopleMapping(string columns, string translations = "", string extra = "", string dateFormat = "dd/MM/yyyy") => $$"""
        {
          "version": 1,
          "force": "tst",
          "dateFormats": ["{{dateFormat}}"],
          {{extra}}
          "translations": { "gender": { "F": "F", "M": "M", "U": "" } {{translations}} },
          "sources": { "nominals": { "file": "nominals.csv" } },
          "tables": { "people": [ { "from": "nominals", "columns": { "person_id": "NOM", {{columns}} } } ] }
        }
        """;

    [Fact]
    public void Columns_are_renamed_and_a_constant_force_fills_every_row()
    {
        using var e = Extract.Empty().Write("nominals.csv", People);
        var result = Check(e, PeopleMapping("\"surname\": \"NAME\""));
        Assert.False(result.WouldRefuse, string.Join('\n', result.RowErrors));
        Assert.Equal(("TST", "N1", "SMITHSON, Alice  Mary"), (Cell(result, "people", 0, "force"), Cell(result, "people", 0, "person_id"), Cell(result, "people", 0, "surname")));
        Assert.Equal(("nominals.csv", 3), (result.Previews[0].Rows[1].File, result.Previews[0].Rows[1].Line));
        Assert.Equal(2, result.Previews[0].TotalRows);
    }

    [Fact]
    public void A_whole_name_is_split_in_either_style()
    {
        using var e = Extract.Empty().Write("nominals.csv", People);
        var result = Check(e, PeopleMapping("""
            "surname": { "column": "NAME", "name": "surname" }, "forenames": { "column": "NAME", "name": "forenames" }
            """));
        Assert.Equal(("SMITHSON", "Alice Mary"), (Cell(result, "people", 0, "surname"), Cell(result, "people", 0, "forenames")));
        Assert.Equal(("PLACEHOLDER", null), (Cell(result, "people", 1, "surname"), Cell(result, "people", 1, "forenames")));

        e.Write("nominals.csv", "NOM,NAME\nN1,Alice Mary SMITHSON\nN2,ONEWORD\n");
        result = Check(e, PeopleMapping("""
            "surname": { "column": "NAME", "name": "surname" }, "forenames": { "column": "NAME", "name": "forenames" }
            """, extra: "\"nameStyle\": \"Forenames SURNAME\","));
        Assert.Equal(("SMITHSON", "Alice Mary"), (Cell(result, "people", 0, "surname"), Cell(result, "people", 0, "forenames")));
        Assert.Equal(("ONEWORD", null), (Cell(result, "people", 1, "surname"), Cell(result, "people", 1, "forenames")));
    }

    [Fact]
    public void Values_are_translated_ignoring_case_and_a_translation_to_nothing_is_no_value()
    {
        using var e = Extract.Empty().Write("nominals.csv", "NOM,NAME,GENDER\nN1,A,f\nN2,B,U\nN3,C,\n");
        var result = Check(e, PeopleMapping("\"surname\": \"NAME\", \"sex\": { \"column\": \"GENDER\", \"translate\": \"gender\" }"));
        Assert.False(result.WouldRefuse);
        Assert.Equal(("F", (string?)null, (string?)null), (Cell(result, "people", 0, "sex"), Cell(result, "people", 1, "sex"), Cell(result, "people", 2, "sex")));
    }

    [Fact]
    public void A_value_with_no_translation_is_listed_with_its_count_and_where_it_first_is()
    {
        using var e = Extract.Empty().Write("nominals.csv", "NOM,NAME,GENDER\nN1,A,X\nN2,B,F\nN3,C,x\nN4,D,Other\n");
        var result = Check(e, PeopleMapping("\"surname\": \"NAME\", \"sex\": { \"column\": \"GENDER\", \"translate\": \"gender\" }"));
        Assert.True(result.WouldRefuse);
        Assert.Equal(
            [new UntranslatedValue("nominals.csv", "GENDER", "gender", "X", 1, 2), new UntranslatedValue("nominals.csv", "GENDER", "gender", "x", 1, 4),
             new UntranslatedValue("nominals.csv", "GENDER", "gender", "Other", 1, 5)],
            result.Untranslated.OrderBy(u => u.FirstLine));
        Assert.Equal(0, result.RowErrorCount); // not reported a second time as a bad sex code
    }

    [Fact]
    public void Dates_are_read_in_the_mappings_formats_with_a_time_dropped_and_a_column_may_have_its_own()
    {
        using var e = Extract.Empty().Write("nominals.csv", "NOM,NAME,BORN,DIED\nN1,A,3/4/2001,20230105 10:30\nN2,B,2001-04-03,\nN3,C,31/02/2001,2023\n");
        var result = Check(e, PeopleMapping("""
            "surname": "NAME", "date_of_birth": "BORN", "date_of_death": { "column": "DIED", "format": "yyyyMMdd HH:mm|yyyyMMdd" }
            """, dateFormat: "d/M/yyyy"));
        Assert.Equal(("2001-04-03", "2023-01-05"), (Cell(result, "people", 0, "date_of_birth"), Cell(result, "people", 0, "date_of_death")));
        Assert.Equal("2001-04-03", Cell(result, "people", 1, "date_of_birth")); // ISO passes as it is
        Assert.Equal(
            [
                "nominals.csv:4: BORN: '31/02/2001' is not a date in the format d/M/yyyy",
                "nominals.csv:4: DIED: '2023' is not a date in the format yyyyMMdd HH:mm or yyyyMMdd or d/M/yyyy",
            ],
            result.RowErrors.Select(x => x.ToString()));
    }

    [Fact]
    public void Columns_are_joined_with_a_separator_each_part_translated_and_offence_codes_with_semicolons()
    {
        using var e = Extract.Empty().Write("crimes.csv", "REF,REC,HO1,HO2,HO3,F1,F2\nC1,2020-01-01,L71,19d,,Ann,Marie\nC2,2020-01-02,,20B,,,\n");
        var result = Check(e, """
            {
              "version": 1, "force": "TST",
              "translations": { "local-offence": { "L71": "71", "19D": "19D", "20B": "20B" } },
              "sources": { "crimes": { "file": "crimes.csv", "ignore": ["F1", "F2"] } },
              "tables": { "investigations": [ { "from": "crimes", "columns": {
                "investigation_id": "REF", "recorded_date": "REC", "offence_from": "REC",
                "offence_codes": { "join": ["HO1", "HO2", "HO3"], "translate": "local-offence" },
                "summary": { "join": ["REF", "HO2"], "separator": " / " } } } ] }
            }
            """);
        Assert.False(result.WouldRefuse, string.Join('\n', result.RowErrors));
        Assert.Equal(("71;19D", "C1 / 19d"), (Cell(result, "investigations", 0, "offence_codes"), Cell(result, "investigations", 0, "summary")));
        Assert.Equal("20B", Cell(result, "investigations", 1, "offence_codes"));
        Assert.Empty(result.Unmapped); // F1 and F2 are ignored on purpose
    }

    [Fact]
    public void Several_files_feed_one_table_each_with_its_own_constants()
    {
        using var e = Extract.Empty()
            .Write("victims.csv", "CRIME,PERSON\nC1,P1\nC2,P2\n")
            .Write("suspects.csv", "CRIME,PERSON,REL\nC1,P3,Teacher\n");
        var result = Check(e, """
            {
              "version": 1, "force": "TST",
              "translations": { "rel": { "Teacher": "position_of_trust" } },
              "sources": { "v": { "file": "victims.csv" }, "s": { "file": "suspects.csv" } },
              "tables": { "involvements": [
                { "from": "v", "columns": { "investigation_id": "CRIME", "person_id": "PERSON", "role": { "value": "victim" } } },
                { "from": "s", "columns": { "investigation_id": "CRIME", "person_id": "PERSON", "role": { "value": "suspect" },
                                            "relationship": { "column": "REL", "translate": "rel" } } } ] }
            }
            """);
        Assert.False(result.WouldRefuse, string.Join('\n', result.RowErrors));
        var preview = Assert.Single(result.Previews);
        Assert.Equal(3, preview.TotalRows);
        Assert.Equal(["victims.csv:2", "victims.csv:3", "suspects.csv:2"], preview.Rows.Select(r => $"{r.File}:{r.Line}"));
        Assert.Equal(("suspect", "position_of_trust"), (Cell(result, "involvements", 2, "role"), Cell(result, "involvements", 2, "relationship")));
    }

    private const string JoinMapping = """
        {
          "version": 1, "force": "TST",
          "translations": { "result": { "NFA": "15", "CHG": "1" } },
          "sources": { "crimes": { "file": "crimes.csv" }, "results": { "file": "results.csv" } },
          "tables": { "investigations": [ { "from": "crimes", "join": [ { "source": "results", "on": "REF", "to": "CRIME_REF" REQUIRED } ],
            "columns": { "investigation_id": "REF", "recorded_date": "REC", "offence_from": "REC", "offence_codes": "HO",
                         "outcome_code": { "column": "RESULT", "source": "results", "translate": "result" },
                         "outcome_date": { "column": "ON", "source": "results" } } } ] }
        }
        """;

    [Fact]
    public void Two_files_are_joined_into_one_table_by_a_key()
    {
        using var e = Extract.Empty()
            .Write("crimes.csv", "REF,REC,HO\nC1,2020-01-01,71\nC2,2020-02-01,19D\nC3,2020-03-01,8N\n")
            .Write("results.csv", "CRIME_REF,RESULT,ON\nC3,CHG,2020-06-01\nC1,NFA,2020-05-01\nC9,ZZZ,2020-01-01\n");
        var result = Check(e, JoinMapping.Replace(" REQUIRED", "", StringComparison.Ordinal));
        Assert.False(result.WouldRefuse, string.Join('\n', result.RowErrors) + string.Join('\n', result.Untranslated));
        Assert.Equal(("15", "2020-05-01"), (Cell(result, "investigations", 0, "outcome_code"), Cell(result, "investigations", 0, "outcome_date")));
        Assert.Equal((null, null), (Cell(result, "investigations", 1, "outcome_code"), Cell(result, "investigations", 1, "outcome_date")));
        Assert.Equal("1", Cell(result, "investigations", 2, "outcome_code"));
    }

    [Fact]
    public void A_joined_value_is_reported_in_the_joined_file_and_a_required_join_with_no_match_in_the_feeds()
    {
        using var e = Extract.Empty()
            .Write("crimes.csv", "REF,REC,HO\nC1,2020-01-01,71\nC2,2020-02-01,19D\n")
            .Write("results.csv", "CRIME_REF,RESULT,ON\nC1,NFA,01/05/2020\n");
        var result = Check(e, JoinMapping.Replace(" REQUIRED", ", \"required\": true", StringComparison.Ordinal));
        Assert.Equal(2, result.RowErrors.Count);
        Assert.StartsWith("results.csv:2: ON: '01/05/2020' is not a date", result.RowErrors[0].ToString(), StringComparison.Ordinal);
        Assert.Equal("crimes.csv:3: (row): no row of results.csv has CRIME_REF 'C2' (the join is required)", result.RowErrors[1].ToString());
    }

    [Fact]
    public void A_joined_file_with_a_key_twice_cannot_be_joined()
    {
        using var e = Extract.Empty()
            .Write("crimes.csv", "REF,REC,HO\nC1,2020-01-01,71\n")
            .Write("results.csv", "CRIME_REF,RESULT,ON\nC1,NFA,2020-05-01\nC1,CHG,2020-06-01\n");
        var result = Check(e, JoinMapping.Replace(" REQUIRED", "", StringComparison.Ordinal));
        Assert.True(result.WouldRefuse);
        Assert.Equal(["results.csv:3: CRIME_REF: 'C1' is also on line 2: a joined source may hold one row for each key"], result.FileErrors.Select(x => x.ToString()));
    }

    [Fact]
    public void A_mapping_naming_a_column_the_file_lacks_is_refused_naming_the_file_the_column_and_the_mapping_entry()
    {
        using var e = Extract.Empty().Write("nominals.csv", People);
        var result = Check(e, PeopleMapping("\"surname\": \"SURNAME\", \"sex\": { \"column\": \"SEX\", \"translate\": \"gender\" }"));
        Assert.True(result.WouldRefuse);
        Assert.Empty(result.Previews);
        Assert.Equal(
            [
                "nominals.csv:1: SURNAME: named by the mapping (tables.people[0].columns.surname) but not in the header (its columns: NOM, NAME, BORN, GENDER, EXTRA)",
                "nominals.csv:1: SEX: named by the mapping (tables.people[0].columns.sex) but not in the header (its columns: NOM, NAME, BORN, GENDER, EXTRA)",
            ],
            result.FileErrors.Select(x => x.ToString()));
    }

    [Fact]
    public void A_missing_file_or_sheet_is_refused()
    {
        using var e = Extract.Empty();
        var result = Check(e, PeopleMapping("\"surname\": \"NAME\""));
        Assert.Equal(["nominals.csv:0: (file): is missing from the extract (the mapping's source 'nominals')"], result.FileErrors.Select(x => x.ToString()));

        File.Copy(Path.Combine(Extract.LayoutsDirectory, "athena-like", SampleWorkbook.FileName), e.PathOf("book.xlsx"));
        result = Check(e, PeopleMapping("\"surname\": \"NAME\"").Replace("{ \"file\": \"nominals.csv\" }", "{ \"file\": \"book.xlsx\", \"sheet\": \"Nominals\" }", StringComparison.Ordinal));
        Assert.Equal(["book.xlsx[Nominals]:0: (sheet): the workbook has no such sheet (its sheets: Crimes, Persons, Victims, Suspects, Witnesses, Contacts)"],
            result.FileErrors.Select(x => x.ToString()));
    }

    [Fact]
    public void Every_column_the_mapping_does_not_read_is_listed_unless_ignored()
    {
        using var e = Extract.Empty().Write("nominals.csv", People);
        var result = Check(e, PeopleMapping("\"surname\": \"NAME\""));
        Assert.Equal([new UnmappedColumn("nominals.csv", "BORN"), new UnmappedColumn("nominals.csv", "GENDER"), new UnmappedColumn("nominals.csv", "EXTRA")], result.Unmapped);
        Assert.False(result.WouldRefuse); // unmapped columns are ignored by an import, with a warning

        result = Check(e, PeopleMapping("\"surname\": \"NAME\"").Replace("{ \"file\": \"nominals.csv\" }", "{ \"file\": \"nominals.csv\", \"ignore\": [\"BORN\", \"GENDER\", \"EXTRA\"] }", StringComparison.Ordinal));
        Assert.Empty(result.Unmapped);
        result = Check(e, PeopleMapping("\"surname\": \"NAME\"").Replace("{ \"file\": \"nominals.csv\" }", "{ \"file\": \"nominals.csv\", \"ignore\": [\"AGE\"] }", StringComparison.Ordinal));
        Assert.Equal(["nominals.csv:1: AGE: listed under sources.nominals.ignore but not in the header"], result.FileErrors.Select(x => x.ToString()));
    }

    [Fact]
    public void A_feed_skips_rows_with_nothing_in_its_skip_columns()
    {
        using var e = Extract.Empty().Write("contacts.csv", "NOM,VRM,PHONE\nN1,ZX61 KQD,07700 900123\nN2,,07700 900124\nN3,,\n");
        var result = Check(e, """
            {
              "version": 1, "force": "TST",
              "sources": { "c": { "file": "contacts.csv" } },
              "tables": { "identifiers": [
                { "from": "c", "skip": ["VRM"], "columns": { "kind": { "value": "vehicle" }, "value": "VRM", "person_id": "NOM" } },
                { "from": "c", "skip": ["PHONE"], "columns": { "kind": { "value": "phone" }, "value": "PHONE", "person_id": "NOM" } } ] }
            }
            """);
        Assert.False(result.WouldRefuse, string.Join('\n', result.RowErrors));
        var preview = Assert.Single(result.Previews);
        Assert.Equal(["vehicle ZX61 KQD N1", "phone 07700 900123 N1", "phone 07700 900124 N2"],
            preview.Rows.Select(r => $"{r.Cells[1]} {r.Cells[2]} {r.Cells[3]}"));
    }

    [Fact]
    public void Mapped_rows_are_checked_as_force_export_v1_rows_and_located_in_the_force_files()
    {
        using var e = Extract.Empty().Write("nominals.csv", "NOM,NAME,PC\nN1,A,NOT A POSTCODE\n,B,ZX1 1AA\n");
        var result = Check(e, PeopleMapping("\"surname\": \"NAME\", \"postcode\": \"PC\""));
        Assert.True(result.WouldRefuse);
        Assert.Equal(["nominals.csv:2: PC: 'NOT A POSTCODE' is not a UK postcode", "nominals.csv:3: NOM: required value is empty"], result.RowErrors.Select(x => x.ToString()));
    }

    [Fact]
    public void A_row_with_the_wrong_number_of_fields_is_one_error_on_its_line()
    {
        using var e = Extract.Empty().Write("nominals.csv", "NOM,NAME\nN1,A\nN2,B,extra\n");
        var result = Check(e, PeopleMapping("\"surname\": \"NAME\""));
        Assert.Equal(["nominals.csv:3: (row): has 3 fields; the header has 2"], result.RowErrors.Select(x => x.ToString()));
    }

    [Fact]
    public void Both_sample_layouts_check_clean_and_the_workbook_cells_are_read_as_text()
    {
        foreach (var layout in new[] { "niche-like", "athena-like" })
        {
            var dir = Path.Combine(Extract.LayoutsDirectory, layout);
            var result = MappingCheck.Run(dir, MappingDefinition.Load(Path.Combine(dir, "mapping.json")), 100);
            Assert.False(result.WouldRefuse, layout + ": " + string.Join('\n', result.FileErrors.Concat(result.RowErrors)) + string.Join('\n', result.Untranslated));
            if (layout == "niche-like") Assert.Equal([new UnmappedColumn("occurrences.csv", "STATION")], result.Unmapped);
            else
            {
                Assert.Empty(result.Unmapped);
                // A date cell, a yyyyMMdd text cell, a boolean cell, a number cell translated, two columns joined.
                Assert.Equal(("2015-02-09", "2015-08-15", "true"), (Cell(result, "investigations", 0, "recorded_date"), Cell(result, "investigations", 0, "outcome_date"), Cell(result, "investigations", 0, "cse_flag")));
                Assert.Equal(("F", "Lily May", "2000-06-02"), (Cell(result, "people", 0, "sex"), Cell(result, "people", 0, "forenames"), Cell(result, "people", 0, "date_of_birth")));
                Assert.Equal("athena-export.xlsx[Persons]", result.Previews.Single(p => p.Table == "people").Rows[0].File);
                Assert.Equal(["victim", "suspect", "witness"], result.Previews.Single(p => p.Table == "involvements").Rows.Select((r, i) => Cell(result, "involvements", i, "role")).Distinct());
            }
        }
    }
}
