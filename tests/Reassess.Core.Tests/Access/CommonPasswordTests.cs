using Reassess.Security;

namespace Reassess.Tests.Access;

public sealed class CommonPasswordTests
{
    [Theory]
    [InlineData("password1234")]         // on the list, and a listed word with digits added
    [InlineData("passwordpassword")]     // a listed word repeated
    [InlineData("PASSWORD1234")]         // case does not help
    [InlineData("qwertyuiop123")]
    [InlineData("monkey2024!!!!")]
    [InlineData("!!football!!1")]
    [InlineData("abcabcabcabc")]
    [InlineData("123456789012")]
    [InlineData("aaaaaaaaaaaa")]
    public void Common_breached_or_trivially_derived_passwords_are_refused(string password) =>
        Assert.True(CommonPasswordValidator.IsCommon(password));

    [Theory]
    [InlineData("correct horse battery staple")]
    [InlineData("demo-password-1234")]
    [InlineData("kettle orbit lantern 77")]
    [InlineData("Tz8#kq2!vW0p")]
    public void Unusual_passwords_pass(string password) =>
        Assert.False(CommonPasswordValidator.IsCommon(password));
}
