using Reassess.Import;

namespace Reassess.Tests.Import;

public sealed class NormaliseTests
{
    [Theory]
    [InlineData("07700 900123", "+447700900123")]
    [InlineData("07700900999", "+447700900999")]
    [InlineData("+44 7700 900000", "+447700900000")]
    [InlineData("(07700) 900-456", "+447700900456")]
    [InlineData("0044 7700 900123", "+447700900123")]
    [InlineData("not a number", null)]
    [InlineData("123", null)]
    public void Phones_become_E164(string raw, string? expected) => Assert.Equal(expected, Normalise.Phone(raw));

    [Theory]
    [InlineData("zx61 kqd", "ZX61KQD")]
    [InlineData(" ZX61  KQD ", "ZX61KQD")]
    [InlineData("ZX61-KQD", "ZX61-KQD")]
    [InlineData("ZX61 KQD!", null)]
    public void Vehicle_marks_are_upper_case_without_spaces(string raw, string? expected) => Assert.Equal(expected, Normalise.Vehicle(raw));

    [Theory]
    [InlineData("zx1 9ab", "ZX1 9AB")]
    [InlineData("ZX19AB", "ZX1 9AB")]
    [InlineData("zy10 2rt", "ZY10 2RT")]
    [InlineData("ZX1A 1AA", "ZX1A 1AA")]
    [InlineData("Z1 1AA", "Z1 1AA")]
    [InlineData("ZX1", null)]
    [InlineData("1AB 2CD", null)]
    public void Postcodes_become_OUT_IN(string raw, string? expected) => Assert.Equal(expected, Normalise.Postcode(raw));

    [Theory]
    [InlineData("ZX1 9AB", "ZX1 9")]
    [InlineData("nope", null)]
    public void The_postcode_sector_drops_the_unit(string raw, string? expected) => Assert.Equal(expected, Normalise.PostcodeSector(raw));

    [Theory]
    [InlineData("Kyle.Exampley@Example.INVALID", "kyle.exampley@example.invalid")]
    [InlineData("a@b", null)]
    [InlineData("@example.invalid", null)]
    [InlineData("a@@example.invalid", null)]
    public void Emails_are_lower_cased_and_checked(string raw, string? expected) => Assert.Equal(expected, Normalise.Email(raw));

    [Theory]
    [InlineData("12 Fictional Row, Testtown zx19ab", "12 FICTIONAL ROW, TESTTOWN, ZX1 9AB")]
    [InlineData("zx1 9ab", "ZX1 9AB")]
    [InlineData("Flat 2,  Made Up House", "FLAT 2, MADE UP HOUSE")]
    public void Addresses_fold_white_space_and_normalise_a_trailing_postcode(string raw, string expected) => Assert.Equal(expected, Normalise.Address(raw));
}
