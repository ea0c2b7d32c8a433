namespace Reassess.Reviews;

/// <summary>How a review command ended.</summary>
public enum ReviewOutcome
{
    /// <summary>Done and saved.</summary>
    Done,

    /// <summary>
    /// No such case for this actor: it does not exist, or it belongs to another force (need-to-know: the two are never
    /// told apart, so a URL cannot reveal that another force's case exists).
    /// </summary>
    NotFound,

    /// <summary>The actor may see the case but not do this (a reviewer approving, a supervisor approving their own review).</summary>
    Forbidden,

    /// <summary>The review is not in a status that allows this (approving a review that was never submitted).</summary>
    WrongStatus,

    /// <summary>The input is incomplete or wrong; <see cref="ReviewResult.Problems"/> says what and where.</summary>
    Invalid,

    /// <summary>
    /// The review changed since the version the caller based its change on. Nothing was saved; the caller keeps the
    /// user's input and shows them <see cref="ReviewResult.Review"/> as it now is.
    /// </summary>
    ConcurrencyConflict,
}

/// <summary>
/// The result of a review command: the outcome, the review as it now stands (when the actor may see it), what is wrong with
/// the input, and a plain-English message for the user.
/// </summary>
public sealed record ReviewResult(ReviewOutcome Outcome, Review? Review, IReadOnlyList<ReviewProblem> Problems, string? Message)
{
    public bool Succeeded => Outcome == ReviewOutcome.Done;

    public static ReviewResult Done(Review review, string? message = null) => new(ReviewOutcome.Done, review, [], message);

    public static ReviewResult NotFound() => new(ReviewOutcome.NotFound, null, [], "No such case.");

    public static ReviewResult Forbidden(Review? review, string message) => new(ReviewOutcome.Forbidden, review, [], message);

    public static ReviewResult WrongStatus(Review? review, string message) => new(ReviewOutcome.WrongStatus, review, [], message);

    public static ReviewResult Invalid(Review? review, IReadOnlyList<ReviewProblem> problems, string message) =>
        new(ReviewOutcome.Invalid, review, problems, message);

    public static ReviewResult Conflict(Review? review) => new(ReviewOutcome.ConcurrencyConflict, review, [],
        "Someone else changed this review after you opened it, so your change was not saved. Your input is still in the form: " +
        "reload the review to see their change, then apply yours again.");
}

/// <summary>The result of assigning several candidates at once: one result per candidate, in the order given.</summary>
public sealed record BulkAssignResult(IReadOnlyList<(long CandidateId, ReviewResult Result)> Results)
{
    public int Assigned => Results.Count(r => r.Result.Succeeded);

    public int Refused => Results.Count - Assigned;
}
