using System.Globalization;
using System.Text;

namespace Reassess.Cli.Tests.Support;

/// <summary>
/// A large, valid, entirely fictional bundle for tests that need an import to take a while (crash safety): one force
/// (<c>TST</c>), phones from the Ofcom drama range, made-up postcodes. <paramref name="Version"/> 2 is a later extract:
/// every third summary changed and a fifth more records.
/// </summary>
public sealed record SyntheticBundle(int Investigations, int Version)
{
    public int Total => Version == 1 ? Investigations : Investigations + Investigations / 5;

    public void WriteTo(string directory)
    {
        Directory.CreateDirectory(directory);
        var inv = new StringBuilder("force,investigation_id,recorded_date,offence_from,offence_codes,outcome_code,outcome_date,cps_decision,postcode,summary\n");
        var people = new StringBuilder("force,person_id,surname,forenames,date_of_birth,sex\n");
        var involvements = new StringBuilder("force,investigation_id,person_id,role,relationship,suspect_disposal,arrested,interviewed\n");
        var identifiers = new StringBuilder("force,kind,value,person_id,investigation_id,context\n");
        var day0 = new DateOnly(2014, 1, 1);
        for (var i = 0; i < Total; i++)
        {
            var recorded = day0.AddDays(i % 3000);
            var id = string.Create(CultureInfo.InvariantCulture, $"TST/{recorded.Year % 100:D2}/{i:D7}");
            var summary = Version > 1 && i % 3 == 0 ? $"case {i}, reviewed summary" : $"case {i}";
            inv.Append(CultureInfo.InvariantCulture, $"TST,{id},{recorded:yyyy-MM-dd},{recorded.AddDays(-30):yyyy-MM-dd},19D,15,{recorded.AddDays(90):yyyy-MM-dd},nfa_evidential,ZX{i % 9 + 1} {i % 9 + 1}QT,\"{summary}\"\n");
            people.Append(CultureInfo.InvariantCulture, $"TST,V{i},TESTVICTIM,Sam,{2004 + i % 5}-05-01,F\n");
            people.Append(CultureInfo.InvariantCulture, $"TST,S{i},TESTSUSPECT,Alex,{1970 + i % 20}-02-01,M\n");
            involvements.Append(CultureInfo.InvariantCulture, $"TST,{id},V{i},victim,,,,\n");
            involvements.Append(CultureInfo.InvariantCulture, $"TST,{id},S{i},suspect,acquaintance,nfa,true,true\n");
            if (i % 2 == 0) identifiers.Append(CultureInfo.InvariantCulture, $"TST,phone,07700 900{i % 1000:D3},S{i},,mobile\n");
        }
        File.WriteAllText(Path.Combine(directory, "investigations.csv"), inv.ToString());
        File.WriteAllText(Path.Combine(directory, "people.csv"), people.ToString());
        File.WriteAllText(Path.Combine(directory, "involvements.csv"), involvements.ToString());
        File.WriteAllText(Path.Combine(directory, "identifiers.csv"), identifiers.ToString());
    }
}
