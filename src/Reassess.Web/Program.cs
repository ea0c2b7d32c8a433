using Reassess.Web;

var app = ReassessWebApp.Build(args);
await ReassessWebApp.MigrateAsync(app);
await app.RunAsync();

/// <summary>The workbench's entry point (also the anchor for <c>WebApplicationFactory</c> in the tests).</summary>
public partial class Program;
