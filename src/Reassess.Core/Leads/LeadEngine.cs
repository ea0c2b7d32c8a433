using System.Data.Common;
using System.Globalization;
using Reassess.Records;
using Reassess.Reviews;
using Reassess.Screening;

namespace Reassess.Leads;

/// <summary>What the leads read beyond the records: the profile's access occupations and the as-of date.</summary>
public sealed record LeadRules(IReadOnlyList<string> AccessOccupations, DateOnly AsOf)
{
    /// <summary>The rules of <paramref name="profile"/> for <paramref name="asOf"/>.</summary>
    public static LeadRules For(CriteriaProfile profile, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return new LeadRules(profile.Priority.AccessOccupations, asOf);
    }

    /// <summary>The first access occupation term <paramref name="occupation"/> contains (case-insensitive), as the priority factor reads it.</summary>
    public string? AccessTerm(string? occupation) =>
        string.IsNullOrWhiteSpace(occupation) ? null : AccessOccupations.FirstOrDefault(t => occupation.Contains(t, StringComparison.OrdinalIgnoreCase));
}

/// <summary>
/// Finds the leads of a set of investigations (docs/leads.md) in a few chunked reads, whatever the size of the set: the
/// investigations, their involvements, people and identifiers, the other investigations their suspects (as resolved
/// people) are suspects in, and where their identifiers are recorded elsewhere. Cost grows with the set, not the store.
/// </summary>
internal static class LeadEngine
{
    private sealed class Case
    {
        public long Id;
        public required string Force;
        public required string Ref;
        public DateOnly Recorded;
        public DateOnly? Outcome;
        public string? Summary;
        public readonly List<Party> Parties = [];
        public readonly List<Ident> Identifiers = [];
    }

    private sealed record Party(long InvolvementId, long PersonId, string PersonRef, InvolvementRole Role, bool? Arrested, bool? Interviewed);

    private sealed record Nominal(long Id, DateOnly? Born, DateOnly? Died, string? Ethnicity, string? Nationality, string? Occupation, bool Erased);

    private sealed record Ident(long Id, IdentifierKind Kind, string Value, long? PersonId, long? InvestigationId, string? Context);

    private sealed record Other(long Id, string Force, string Ref, DateOnly Recorded, string? OutcomeCode, CpsDecision? Cps);

    /// <summary>The leads of each of <paramref name="investigationIds"/> that is stored (only the kinds in <paramref name="only"/> when given).</summary>
    public static async Task<Dictionary<long, List<Lead>>> FindAsync(DbConnection connection, DbTransaction? transaction,
        IReadOnlyCollection<long> investigationIds, LeadRules rules, LinkageSnapshot linkage, bool linked, IReadOnlySet<LeadKind>? only,
        CancellationToken cancellationToken)
    {
        bool Wanted(LeadKind k) => only is null || only.Contains(k);
        var cases = new Dictionary<long, Case>();
        await LeadSql.QueryIdsAsync(connection, transaction,
            "SELECT id, force, investigation_ref, recorded_date, outcome_date, summary FROM investigations WHERE id IN ({0})", investigationIds, r =>
            {
                var c = new Case { Id = r.GetInt64(0), Force = r.GetString(1), Ref = r.GetString(2), Recorded = r.GetFieldValue<DateOnly>(3), Outcome = LeadSql.Date(r, 4), Summary = LeadSql.Text(r, 5) };
                cases[c.Id] = c;
            }, cancellationToken);
        var result = cases.Keys.ToDictionary(id => id, _ => new List<Lead>());
        if (cases.Count == 0) return result;

        await LeadSql.QueryIdsAsync(connection, transaction,
            "SELECT investigation_id, id, person_id, person_ref, role, arrested, interviewed FROM involvements WHERE investigation_id IN ({0})", cases.Keys, r =>
            {
                if (!Token.TryParse<InvolvementRole>(r.GetString(4), out var role)) return;
                cases[r.GetInt64(0)].Parties.Add(new Party(r.GetInt64(1), r.GetInt64(2), r.GetString(3), role, LeadSql.Bool(r, 5), LeadSql.Bool(r, 6)));
            }, cancellationToken);
        foreach (var c in cases.Values) c.Parties.Sort((a, b) => a.InvolvementId.CompareTo(b.InvolvementId));

        var personIds = cases.Values.SelectMany(c => c.Parties).Select(p => p.PersonId).ToHashSet();
        var nominals = new Dictionary<long, Nominal>();
        // The people's own records are read only for the kinds that need them (the priority asks for two kinds that do not).
        var personKinds = Wanted(LeadKind.VictimStillChild) || Wanted(LeadKind.AccessToChildren) || Wanted(LeadKind.SuspectNotInterviewed)
                          || Wanted(LeadKind.SuspectDeceased) || Wanted(LeadKind.DataGap);
        if (personKinds) await LeadSql.QueryIdsAsync(connection, transaction,
            "SELECT id, date_of_birth, date_of_death, self_defined_ethnicity, nationality, occupation, erased_at FROM people WHERE id IN ({0})", personIds, r =>
                nominals[r.GetInt64(0)] = new Nominal(r.GetInt64(0), LeadSql.Date(r, 1), LeadSql.Date(r, 2), LeadSql.Text(r, 3), LeadSql.Text(r, 4), LeadSql.Text(r, 5), !r.IsDBNull(6)),
            cancellationToken);

        var identifierKinds = Wanted(LeadKind.UnrecordedIdentifier) || Wanted(LeadKind.IdentifierElsewhere);
        if (identifierKinds) await ReadIdentifiersAsync(connection, transaction, cases, personIds, cancellationToken);

        var casesInOrder = cases.Values.OrderBy(c => c.Id).ToList();
        var found = new Dictionary<long, List<(IdentifierKind Kind, string Value, string Where)>>();
        if (identifierKinds)
        {
            foreach (var c in casesInOrder)
            {
                var list = new List<(IdentifierKind, string, string)>();
                foreach (var f in IdentifierText.Find(c.Summary)) list.Add((f.Kind, f.Value, $"written as \"{f.AsWritten}\" in the summary"));
                foreach (var i in c.Identifiers)
                    if (i.InvestigationId == c.Id)
                        foreach (var f in IdentifierText.Find(i.Context))
                            list.Add((f.Kind, f.Value, $"written as \"{f.AsWritten}\" in the context of {Token.Of(i.Kind)} {i.Value}"));
                found[c.Id] = list;
            }
        }

        if (Wanted(LeadKind.UnrecordedIdentifier) || Wanted(LeadKind.IdentifierElsewhere))
            await IdentifierLeadsAsync(connection, transaction, casesInOrder, found, result, Wanted, cancellationToken);
        if (Wanted(LeadKind.LaterOffending) || Wanted(LeadKind.LinkedSuspect))
            await SuspectLinkLeadsAsync(connection, transaction, casesInOrder, linkage, linked, result, Wanted, cancellationToken);
        if (personKinds) foreach (var c in casesInOrder) PersonLeads(c, nominals, rules, result[c.Id], Wanted);

        foreach (var list in result.Values)
        {
            var unique = list.GroupBy(l => l.Key, StringComparer.Ordinal).Select(g => g.First())
                .OrderBy(l => l.Kind).ThenBy(l => l.SubjectRef ?? "", StringComparer.Ordinal).ThenBy(l => l.Value, StringComparer.Ordinal).ToList();
            list.Clear();
            list.AddRange(unique);
        }
        return result;
    }

    private static async Task ReadIdentifiersAsync(DbConnection connection, DbTransaction? transaction, Dictionary<long, Case> cases, HashSet<long> personIds,
        CancellationToken cancellationToken)
    {
        var casesOfPerson = new Dictionary<long, List<Case>>();
        foreach (var c in cases.Values)
            foreach (var p in c.Parties)
            {
                if (!casesOfPerson.TryGetValue(p.PersonId, out var list)) casesOfPerson[p.PersonId] = list = [];
                if (!list.Contains(c)) list.Add(c);
            }
        var seen = new HashSet<(long Case, long Identifier)>();
        void Add(Case c, Ident i)
        {
            if (seen.Add((c.Id, i.Id))) c.Identifiers.Add(i);
        }
        static Ident? Read(DbDataReader r) =>
            Token.TryParse<IdentifierKind>(r.GetString(1), out var kind)
                ? new Ident(r.GetInt64(0), kind, r.GetString(2), r.IsDBNull(3) ? null : r.GetInt64(3), r.IsDBNull(4) ? null : r.GetInt64(4), LeadSql.Text(r, 5))
                : null;
        const string Columns = "SELECT id, kind, value, person_id, investigation_id, context FROM identifiers";
        await LeadSql.QueryIdsAsync(connection, transaction, Columns + " WHERE investigation_id IN ({0})", cases.Keys, r =>
        {
            if (Read(r) is { } i) Add(cases[i.InvestigationId!.Value], i);
        }, cancellationToken);
        await LeadSql.QueryIdsAsync(connection, transaction, Columns + " WHERE person_id IN ({0})", personIds, r =>
        {
            if (Read(r) is not { } i) return;
            foreach (var c in casesOfPerson[i.PersonId!.Value]) Add(c, i);
            if (i.InvestigationId is { } inv && cases.TryGetValue(inv, out var own)) Add(own, i);
        }, cancellationToken);
        foreach (var c in cases.Values) c.Identifiers.Sort((a, b) => a.Id.CompareTo(b.Id));
    }

    private static async Task IdentifierLeadsAsync(DbConnection connection, DbTransaction? transaction, List<Case> cases,
        Dictionary<long, List<(IdentifierKind Kind, string Value, string Where)>> found, Dictionary<long, List<Lead>> result, Func<LeadKind, bool> wanted,
        CancellationToken cancellationToken)
    {
        // What each case holds: recorded identifiers (with whom), and values written but not recorded.
        var holdings = new Dictionary<long, List<(IdentifierKind Kind, string Value, string How)>>();
        foreach (var c in cases)
        {
            var recorded = new HashSet<(IdentifierKind, string)>();
            var held = new List<(IdentifierKind, string, string)>();
            foreach (var i in c.Identifiers)
            {
                if (!recorded.Add((i.Kind, i.Value))) continue;
                var party = i.PersonId is { } pid ? c.Parties.FirstOrDefault(p => p.PersonId == pid) : null;
                var how = party is not null ? $"recorded against {Token.Of(party.Role)} {party.PersonRef}" : "recorded in this investigation";
                held.Add((i.Kind, i.Value, how));
            }
            var unrecorded = new HashSet<(IdentifierKind, string)>();
            foreach (var (kind, value, where) in found[c.Id])
            {
                if (recorded.Contains((kind, value)) || !unrecorded.Add((kind, value))) continue;
                held.Add((kind, value, where + ", not recorded"));
                if (wanted(LeadKind.UnrecordedIdentifier))
                {
                    var evidence = $"{Token.Of(kind)} {value} {where}; it is not recorded as an identifier of this investigation or of its people";
                    result[c.Id].Add(new Lead
                    {
                        Kind = LeadKind.UnrecordedIdentifier,
                        Force = c.Force,
                        InvestigationRef = c.Ref,
                        InvestigationId = c.Id,
                        Value = value,
                        IdentifierKind = kind,
                        Evidence = evidence,
                        EvidenceInForce = evidence,
                        Proposals = [new LeadProposal(ReviewQuestion.LinesOfEnquiry, Category: kind == IdentifierKind.Vehicle ? EnquiryCategory.CctvAnpr : EnquiryCategory.Digital, Text: evidence)],
                    });
                }
            }
            holdings[c.Id] = held;
        }
        if (!wanted(LeadKind.IdentifierElsewhere)) return;

        // Where else each value is recorded: against another investigation, or against a person involved in one.
        var byKind = holdings.Values.SelectMany(h => h).GroupBy(h => h.Kind);
        var investigationsOf = new Dictionary<(IdentifierKind, string), Dictionary<long, string>>();
        var personValues = new Dictionary<long, List<(IdentifierKind, string, string Force)>>();
        foreach (var group in byKind)
        {
            var kind = group.Key;
            await LeadSql.QueryValuesAsync(connection, transaction,
                $"SELECT value, investigation_id, person_id, force FROM identifiers WHERE kind = '{Token.Of(kind)}' AND value IN ({{0}})",
                group.Select(g => g.Value), r =>
                {
                    var key = (kind, r.GetString(0));
                    if (!investigationsOf.TryGetValue(key, out var set)) investigationsOf[key] = set = [];
                    if (!r.IsDBNull(1)) set[r.GetInt64(1)] = r.GetString(3);
                    if (!r.IsDBNull(2))
                    {
                        var person = r.GetInt64(2);
                        if (!personValues.TryGetValue(person, out var list)) personValues[person] = list = [];
                        list.Add((kind, key.Item2, r.GetString(3)));
                    }
                }, cancellationToken);
        }
        await LeadSql.QueryIdsAsync(connection, transaction, "SELECT person_id, investigation_id FROM involvements WHERE person_id IN ({0})", personValues.Keys, r =>
        {
            foreach (var (kind, value, force) in personValues[r.GetInt64(0)])
            {
                var key = (kind, value);
                if (!investigationsOf.TryGetValue(key, out var set)) investigationsOf[key] = set = [];
                set[r.GetInt64(1)] = force;
            }
        }, cancellationToken);

        const int Named = 3;
        var pending = new List<(Case Case, IdentifierKind Kind, string Value, string How, List<long> Others, int Forces)>();
        var toName = new HashSet<long>();
        foreach (var c in cases)
        {
            var done = new HashSet<(IdentifierKind, string)>();
            foreach (var (kind, value, how) in holdings[c.Id])
            {
                if (!done.Add((kind, value)) || !investigationsOf.TryGetValue((kind, value), out var set)) continue;
                var others = set.Keys.Where(id => id != c.Id).Order().ToList();
                if (others.Count == 0) continue;
                var forces = others.Select(id => set[id]).Distinct(StringComparer.Ordinal).Count();
                pending.Add((c, kind, value, how, others, forces));
                toName.UnionWith(others.Take(Named));
            }
        }
        var names = await OthersAsync(connection, transaction, toName, cancellationToken);
        foreach (var (c, kind, value, how, others, forces) in pending)
        {
            string Text(bool inForce)
            {
                var named = others.Take(Named).Where(names.ContainsKey).Select(id => Describe(names[id], c.Force, inForce)).ToList();
                var rest = others.Count - named.Count;
                return $"{Token.Of(kind)} {value} ({how}) is recorded in {Plural(others.Count, "other investigation")} in {Plural(forces, "force")}: "
                       + string.Join(", ", named) + (rest > 0 ? $" and {rest} more" : "");
            }
            var evidence = Text(inForce: false);
            result[c.Id].Add(new Lead
            {
                Kind = LeadKind.IdentifierElsewhere,
                Force = c.Force,
                InvestigationRef = c.Ref,
                InvestigationId = c.Id,
                Value = value,
                IdentifierKind = kind,
                Evidence = evidence,
                EvidenceInForce = Text(inForce: true),
                Proposals = [new LeadProposal(ReviewQuestion.LinesOfEnquiry, Category: EnquiryCategory.Intelligence, Text: Text(inForce: true))],
            });
        }
    }

    private static async Task SuspectLinkLeadsAsync(DbConnection connection, DbTransaction? transaction, List<Case> cases, LinkageSnapshot linkage, bool linked,
        Dictionary<long, List<Lead>> result, Func<LeadKind, bool> wanted, CancellationToken cancellationToken)
    {
        var nominalsOf = linkage.NominalsOf;
        IEnumerable<long> Nominals(long person)
        {
            yield return person;
            if (!linked) yield break;
            var resolved = linkage.Resolve(person);
            if (resolved != person) yield return resolved;
            if (nominalsOf.TryGetValue(resolved, out var list))
                foreach (var n in list) if (n != person && n != resolved) yield return n;
        }
        var suspects = cases.SelectMany(c => c.Parties).Where(p => p.Role == InvolvementRole.Suspect).Select(p => p.PersonId).ToHashSet();
        var all = suspects.SelectMany(Nominals).ToHashSet();
        var suspectIn = new Dictionary<long, List<(long Investigation, SuspectDisposal? Disposal)>>();
        await LeadSql.QueryIdsAsync(connection, transaction,
            $"SELECT person_id, investigation_id, suspect_disposal FROM involvements WHERE role = '{Token.Of(InvolvementRole.Suspect)}' AND person_id IN ({{0}})", all, r =>
            {
                var person = r.GetInt64(0);
                if (!suspectIn.TryGetValue(person, out var list)) suspectIn[person] = list = [];
                SuspectDisposal? disposal = !r.IsDBNull(2) && Token.TryParse<SuspectDisposal>(r.GetString(2), out var d) ? d : null;
                list.Add((r.GetInt64(1), disposal));
            }, cancellationToken);
        var otherIds = suspectIn.Values.SelectMany(l => l).Select(x => x.Investigation).ToHashSet();
        var others = await OthersAsync(connection, transaction, otherIds, cancellationToken);
        var refOf = new Dictionary<long, (string Force, string Ref)>();
        if (linked)
        {
            // The other nominal's reference, to say which record linkage matched.
            var otherNominals = all.Where(n => !suspects.Contains(n)).ToList();
            await LeadSql.QueryIdsAsync(connection, transaction, "SELECT id, force, person_ref FROM people WHERE id IN ({0})", otherNominals,
                r => refOf[r.GetInt64(0)] = (r.GetString(1), r.GetString(2)), cancellationToken);
        }
        var basis = linked ? "" : " (same nominal only: no 'reassess link' run)";

        foreach (var c in cases)
        {
            foreach (var s in c.Parties.Where(p => p.Role == InvolvementRole.Suspect))
            {
                foreach (var n in Nominals(s.PersonId))
                {
                    if (!suspectIn.TryGetValue(n, out var list)) continue;
                    foreach (var (inv, disposal) in list)
                    {
                        if (inv == c.Id || !others.TryGetValue(inv, out var o)) continue;
                        // The workbench names another force's nominal only by its force, as it does another force's investigation.
                        string Via(bool inForce) => n == s.PersonId ? ""
                            : " as " + (refOf.TryGetValue(n, out var nominal)
                                ? inForce && !string.Equals(nominal.Force, c.Force, StringComparison.Ordinal) ? $"a person ({nominal.Force})" : nominal.Force + "/" + nominal.Ref
                                : "another nominal") + " (the same person by 'reassess link')";
                        var charged = o.Cps == CpsDecision.Charge || o.OutcomeCode is "1" or "1A" || disposal == SuspectDisposal.Charged;
                        var label = new LeadInvestigation(o.Id, o.Force, o.Ref);
                        string Linked(bool inForce) =>
                            $"suspect {s.PersonRef} is also a suspect{Via(inForce)} in {Describe(o, c.Force, inForce)}, recorded {Date(o.Recorded)}" +
                            (charged ? ", which was charged" : "") + basis;
                        // A lead about suspect s and the other investigation o, its evidence as the CLI and as the case's force read
                        // it; each proposal is prefilled with the latter, for that suspect.
                        void Add(LeadKind kind, Func<bool, string> evidence, params LeadProposal[] proposals) => result[c.Id].Add(new Lead
                        {
                            Kind = kind,
                            Force = c.Force,
                            InvestigationRef = c.Ref,
                            InvestigationId = c.Id,
                            SubjectPersonId = s.PersonId,
                            SubjectRef = s.PersonRef,
                            Value = label.Label,
                            OtherInvestigation = label,
                            Evidence = evidence(false),
                            EvidenceInForce = evidence(true),
                            Proposals = [.. proposals.Select(p => p with { SuspectPersonId = s.PersonId, Text = evidence(true) })],
                        });
                        if (wanted(LeadKind.LinkedSuspect))
                        {
                            var enquiry = new LeadProposal(ReviewQuestion.LinesOfEnquiry, Category: EnquiryCategory.Intelligence);
                            if (charged) Add(LeadKind.LinkedSuspect, Linked, enquiry, new LeadProposal(ReviewQuestion.Opportunities, Opportunity: OpportunityKind.CpsReview));
                            else Add(LeadKind.LinkedSuspect, Linked, enquiry);
                        }
                        // Recorded after the outcome: the same day is not later.
                        if (wanted(LeadKind.LaterOffending) && c.Outcome is { } outcome && o.Recorded > outcome)
                        {
                            string Later(bool inForce) =>
                                $"suspect {s.PersonRef} is a suspect{Via(inForce)} in {Describe(o, c.Force, inForce)}, recorded {Date(o.Recorded)}, after this investigation's outcome on {Date(outcome)}" + basis;
                            Add(LeadKind.LaterOffending, Later,
                                new LeadProposal(ReviewQuestion.ExtantRisks, Risk: RiskTarget.FromSuspect),
                                new LeadProposal(ReviewQuestion.Opportunities, Opportunity: OpportunityKind.NewEvidence));
                        }
                    }
                }
            }
        }
    }

    private static void PersonLeads(Case c, Dictionary<long, Nominal> nominals, LeadRules rules, List<Lead> leads, Func<LeadKind, bool> wanted)
    {
        void Add(LeadKind kind, Party p, string evidence, params LeadProposal[] proposals) => leads.Add(new Lead
        {
            Kind = kind,
            Force = c.Force,
            InvestigationRef = c.Ref,
            InvestigationId = c.Id,
            SubjectPersonId = p.PersonId,
            SubjectRef = p.PersonRef,
            Evidence = evidence,
            EvidenceInForce = evidence,
            Proposals = proposals,
        });

        foreach (var p in c.Parties)
        {
            // An erased nominal's personal data is gone: nothing about it is a lead.
            if (!nominals.TryGetValue(p.PersonId, out var n) || n.Erased) continue;
            if (p.Role == InvolvementRole.Victim)
            {
                if (wanted(LeadKind.VictimStillChild) && n.Born is { } born && born <= rules.AsOf && AgeAtOffence.IsChild(born, rules.AsOf))
                {
                    var e = $"victim {p.PersonRef}, born {Date(born)}, is {AgeAtOffence.WholeYears(born, rules.AsOf)} on {Date(rules.AsOf)}";
                    Add(LeadKind.VictimStillChild, p, e,
                        new LeadProposal(ReviewQuestion.Safeguarding, Agency: ReferralAgency.ChildrenSocialCare, Text: e),
                        new LeadProposal(ReviewQuestion.ExtantRisks, Risk: RiskTarget.Victim, Text: e));
                }
                continue;
            }
            if (p.Role != InvolvementRole.Suspect) continue;
            if (wanted(LeadKind.AccessToChildren) && rules.AccessTerm(n.Occupation) is { } term)
            {
                var e = $"suspect {p.PersonRef}'s occupation \"{n.Occupation}\" gives access to children (profile term \"{term}\")";
                Add(LeadKind.AccessToChildren, p, e, new LeadProposal(ReviewQuestion.ExtantRisks, Risk: RiskTarget.OtherChildren, SuspectPersonId: p.PersonId, Text: e));
            }
            if (wanted(LeadKind.SuspectNotInterviewed) && (p.Arrested == false || p.Interviewed == false))
            {
                var never = p.Arrested == false && p.Interviewed == false ? "never arrested nor interviewed" : p.Arrested == false ? "never arrested" : "never interviewed";
                var e = $"suspect {p.PersonRef} was {never}";
                Add(LeadKind.SuspectNotInterviewed, p, e, new LeadProposal(ReviewQuestion.LinesOfEnquiry, Category: EnquiryCategory.Suspect, SuspectPersonId: p.PersonId, Text: e));
            }
            if (wanted(LeadKind.SuspectDeceased) && n.Died is { } died)
            {
                var e = $"suspect {p.PersonRef} died on {Date(died)}";
                Add(LeadKind.SuspectDeceased, p, e, new LeadProposal(ReviewQuestion.Opportunities, Opportunity: OpportunityKind.None, SuspectPersonId: p.PersonId, Text: e));
            }
            if (wanted(LeadKind.DataGap) && (n.Ethnicity is null || n.Nationality is null))
            {
                var gaps = new List<string>(2);
                if (n.Ethnicity is null) gaps.Add("self-defined ethnicity");
                if (n.Nationality is null) gaps.Add("nationality");
                var e = $"suspect {p.PersonRef}: {string.Join(" and ", gaps)} not recorded";
                Add(LeadKind.DataGap, p, e, new LeadProposal(ReviewQuestion.DataGaps, SuspectPersonId: p.PersonId, Text: e));
            }
        }
    }

    private static async Task<Dictionary<long, Other>> OthersAsync(DbConnection connection, DbTransaction? transaction, IEnumerable<long> ids, CancellationToken cancellationToken)
    {
        var others = new Dictionary<long, Other>();
        await LeadSql.QueryIdsAsync(connection, transaction,
            "SELECT id, force, investigation_ref, recorded_date, outcome_code, cps_decision FROM investigations WHERE id IN ({0})", ids, r =>
            {
                CpsDecision? cps = !r.IsDBNull(5) && Token.TryParse<CpsDecision>(r.GetString(5), out var d) ? d : null;
                others[r.GetInt64(0)] = new Other(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetFieldValue<DateOnly>(3), LeadSql.Text(r, 4), cps);
            }, cancellationToken);
        return others;
    }

    /// <summary>Another investigation as the CLI names it (<c>FORCE/REF</c>), or as the workbench does for another force.</summary>
    private static string Describe(Other o, string caseForce, bool inForce) =>
        inForce && !string.Equals(o.Force, caseForce, StringComparison.Ordinal) ? $"an investigation ({o.Force})" : o.Force + "/" + o.Ref;

    private static string Plural(int n, string noun) => n.ToString(CultureInfo.InvariantCulture) + " " + noun + (n == 1 ? "" : "s");

    private static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
