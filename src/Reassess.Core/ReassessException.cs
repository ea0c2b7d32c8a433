namespace Reassess;

/// <summary>
/// A request Reassess refuses because of what it was given (a malformed profile, an unknown case, a missing audit key),
/// never because of a fault in Reassess itself. Every such exception derives from this one, so each shell maps them once:
/// the command line to its "invalid input" exit code with the message, the workbench to a page that says why.
/// The message is written for the person who gave the input and says where and why.
/// </summary>
public abstract class ReassessException(string message) : Exception(message);
