using Reassess.Leads;
using Reassess.Records;

namespace Reassess.Tests.Leads;

public sealed class IdentifierTextTests
{
    [Theory]
    [InlineData("Victim was called from 07700 900123 twice.", "+447700900123")]
    [InlineData("Number 07700900123 saved as 'Bex'.", "+447700900123")]
    [InlineData("Texts from 07700.900.123 at night.", "+447700900123")]
    [InlineData("Texts from 07700-900-123 at night.", "+447700900123")]
    [InlineData("Texts from +44 7700 900123 at night.", "+447700900123")]
    [InlineData("Texts from +447700900123.", "+447700900123")]
    [InlineData("Texts from 0044 7700 900123.", "+447700900123")]
    [InlineData("Texts from +44 (0)7700 900123.", "+447700900123")]
    [InlineData("Landline 020 7946 0018 at the address.", "+442079460018")]
    [InlineData("Call 0161 496 0999 (the club).", "+441614960999")]
    [InlineData("The drama range ends at 07700 900999.", "+447700900999")]
    public void A_uk_phone_number_written_any_usual_way_is_found_in_e164(string text, string e164)
    {
        var found = Assert.Single(IdentifierText.Find(text));
        Assert.Equal((IdentifierKind.Phone, e164), (found.Kind, found.Value));
    }

    [Theory]
    [InlineData("Seen in AB12 CDE outside the school.", "AB12CDE")]
    [InlineData("Seen in ab12cde outside the school.", "AB12CDE")]
    [InlineData("Seen in Tu61 xyz (silver).", "TU61XYZ")]
    [InlineData("Vehicle:TA09KLM.", "TA09KLM")]
    public void A_current_format_registration_mark_is_found_upper_case_without_spaces(string text, string mark)
    {
        var found = Assert.Single(IdentifierText.Find(text));
        Assert.Equal((IdentifierKind.Vehicle, mark), (found.Kind, found.Value));
    }

    [Theory]
    [InlineData("Messages from Jay.Smith42@Example.COM about meeting.", "jay.smith42@example.com")]
    [InlineData("Email (kim_lee@example.org).", "kim_lee@example.org")]
    public void An_email_address_is_found_lower_cased(string text, string email)
    {
        var found = Assert.Single(IdentifierText.Find(text));
        Assert.Equal((IdentifierKind.Email, email), (found.Kind, found.Value));
    }

    [Theory]
    [InlineData("Linked to crime reference 0000459/24 (closed).")]
    [InlineData("See MPS/12/0002355 for the earlier report.")]
    [InlineData("See 0000459 / 24 for the earlier report.")]
    [InlineData("Offence location ZX12 3AB, a park.")]
    [InlineData("Offence location zx123ab, a park.")]
    [InlineData("Victim aged 14 disclosed abuse by 2 males in 2019.")]
    [InlineData("A mark inside a word: XXAB12CDE and AB12CDEFG are not marks.")]
    [InlineData("PNC 05/123456K recorded.")]
    [InlineData("Recorded 2019-03-14, decided 14/03/2020.")]
    [InlineData("A foreign number +33 6 12 34 56 78 was seen.")]
    [InlineData("A bare 7700900123 without its 0 is not a UK number as written.")]
    public void Crime_references_postcodes_dates_and_marks_inside_words_are_not_identifiers(string text) =>
        Assert.Empty(IdentifierText.Find(text));

    [Fact]
    public void Several_identifiers_are_found_in_the_order_written()
    {
        var found = IdentifierText.Find("Driver of ab12 cde gave 07700 900001 and x@example.net; ref 0000459/24.");
        Assert.Equal([(IdentifierKind.Vehicle, "AB12CDE"), (IdentifierKind.Phone, "+447700900001"), (IdentifierKind.Email, "x@example.net")],
            found.Select(f => (f.Kind, f.Value)));
    }

    [Fact]
    public void Empty_text_has_no_identifiers()
    {
        Assert.Empty(IdentifierText.Find(null));
        Assert.Empty(IdentifierText.Find("   "));
    }
}
