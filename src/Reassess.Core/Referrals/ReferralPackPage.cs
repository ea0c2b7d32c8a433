using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json.Nodes;

namespace Reassess.Referrals;

/// <summary>
/// The print-ready page of a referral pack: the same content as the JSON, laid out for reading on paper, with the pack's
/// id, version and hash in the footer so a printed copy can be matched to the signed file.
/// </summary>
public static class ReferralPackPage
{
    public static string Render(JsonObject envelope)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        var body = (JsonObject)envelope["body"]!;
        var inv = (JsonObject)body["investigation"]!;
        var screening = (JsonObject)body["screening"]!;
        var review = (JsonObject)body["review"]!;
        var h = new StringBuilder();
        var title = $"Referral to the national operation: {S(body, "force")} {S(inv, "investigation_ref")} (version {body["version"]})";
        h.Append("<!DOCTYPE html>\n<html lang=\"en-GB\"><head><meta charset=\"utf-8\"><title>").Append(E(title)).Append("</title>\n")
            .Append("<style>body{font-family:sans-serif;max-width:48em;margin:2em auto;font-size:11pt}table{border-collapse:collapse;width:100%;margin-bottom:1em}")
            .Append("th,td{border:1px solid #888;padding:.2em .4em;text-align:left;vertical-align:top}h2{break-after:avoid;margin-top:1.4em}")
            .Append(".flag{border:2px solid #b00;padding:.5em;font-weight:bold}footer{margin-top:2em;font-size:9pt;word-break:break-all}")
            .Append("@media print{body{margin:0}}</style></head><body>\n");
        h.Append("<p><strong>OFFICIAL-SENSITIVE</strong></p><h1>").Append(E(title)).Append("</h1>\n");
        if (body["flags"] is JsonArray flags && flags.Any(f => f?.GetValue<string>() == ReferralPackFormat.NotMeetingNationalCriteria))
            h.Append("<p class=\"flag\">This case does not meet the national operation's criteria (").Append(E(S(screening, "profile"))).Append("); see the screening explanation.</p>\n");
        Section(h, "Investigation", inv);
        h.Append("<h2>Screening under ").Append(E(S(screening, "profile"))).Append(" version ").Append(E(S(screening, "profile_version")))
            .Append(", as of ").Append(E(S(screening, "as_of"))).Append("</h2>\n<p>Meets the national criteria: ")
            .Append(screening["meets_national_criteria"]?.GetValue<bool>() == true ? "yes" : "no").Append(". Typologies: ")
            .Append(E(string.Join(", ", ((JsonArray)screening["typologies"]!).Select(t => t?.ToString())))).Append(". Priority: ")
            .Append(E(screening["priority"]?.ToJsonString())).Append(".</p>\n");
        List(h, "Criteria", (JsonArray)screening["criteria"]!);
        List(h, "Priority factors", (JsonArray)screening["priority_factors"]!);
        h.Append("<h2>Review</h2>\n<p>Version ").Append(E(review["review_version"]?.ToJsonString())).Append(", approved ").Append(E(S(review, "approved_at")))
            .Append(" by ").Append(E(S(review, "approved_by"))).Append(". Recommendation: ").Append(E(S(review, "recommendation")))
            .Append(". Victim consent to re-investigation: ").Append(E(S(review, "victim_consent"))).Append(".</p>\n<p>Rationale: ")
            .Append(E(S(review, "rationale"))).Append("</p>\n");
        List(h, "1. Lines of enquiry", (JsonArray)review["lines_of_enquiry"]!);
        var risks = (JsonObject)review["extant_risks"]!;
        Section(h, "2. Extant risk to the victim", (JsonObject)risks["to_victim"]!);
        Section(h, "2. Extant risk to other children", (JsonObject)risks["to_other_children"]!);
        List(h, "2. Extant risks from suspects", (JsonArray)risks["from_suspects"]!);
        List(h, "3. Safeguarding referrals", (JsonArray)review["safeguarding_referrals"]!);
        List(h, "4. Opportunities to bring offenders to justice", (JsonArray)review["opportunities"]!);
        List(h, "Leads accepted by the reviewer", (JsonArray)review["accepted_leads"]!);
        List(h, "Suspects", (JsonArray)body["suspects"]!);
        List(h, "Victims (pseudonymous references)", (JsonArray)body["victims"]!);
        var signature = (JsonObject)envelope["signature"]!;
        h.Append("<footer>Pack ").Append(E(S(body, "pack_id"))).Append(", format ").Append(E(S(body, "format"))).Append(", created ")
            .Append(E(S(body, "created_at"))).Append(".<br>Hash ").Append(E(S(envelope, "hash"))).Append("<br>Signed (")
            .Append(E(S(signature, "algorithm"))).Append(") by key ").Append(E(S(signature, "key_id"))).Append(".</footer>\n</body></html>\n");
        return h.ToString();
    }

    private static void Section(StringBuilder h, string heading, JsonObject o)
    {
        h.Append("<h2>").Append(E(heading)).Append("</h2>\n<table>");
        foreach (var (name, value) in o)
            h.Append("<tr><th scope=\"row\">").Append(E(name)).Append("</th><td>").Append(E(Value(value))).Append("</td></tr>");
        h.Append("</table>\n");
    }

    private static void List(StringBuilder h, string heading, JsonArray items)
    {
        h.Append("<h2>").Append(E(heading)).Append("</h2>\n");
        if (items.Count == 0)
        {
            h.Append("<p>None.</p>\n");
            return;
        }
        var columns = ((JsonObject)items[0]!).Select(p => p.Key).ToList();
        h.Append("<table><thead><tr>");
        foreach (var c in columns) h.Append("<th scope=\"col\">").Append(E(c)).Append("</th>");
        h.Append("</tr></thead><tbody>");
        foreach (var item in items.OfType<JsonObject>())
        {
            h.Append("<tr>");
            foreach (var c in columns) h.Append("<td>").Append(E(Value(item[c]))).Append("</td>");
            h.Append("</tr>");
        }
        h.Append("</tbody></table>\n");
    }

    private static string Value(JsonNode? v) => v switch
    {
        null => "",
        JsonArray a => string.Join("; ", a.Select(Value)),
        JsonValue x when x.TryGetValue<string>(out var s) => s,
        JsonValue x when x.TryGetValue<bool>(out var b) => b ? "yes" : "no",
        _ => v.ToJsonString(),
    };

    private static string S(JsonObject o, string name) => ReferralPackFormat.Str(o, name) ?? "";

    private static string E(string? s) => HtmlEncoder.Default.Encode(s ?? "");
}
