using Reassess.Records;

namespace Reassess.Synthesis;

/// <summary>An investigation of a planted offender network, as the ground truth lists it.</summary>
public sealed record PlantedNetworkCase(string NetworkId, string Force, string InvestigationRef, bool MissedGroup);

/// <summary>
/// A synthetic extract written as one force-export-v1 bundle per force (each force's instance imports only its own
/// records), with the planted networks' investigations across all of them.
/// </summary>
public sealed record ForceBundles(SynthesisSummary Summary, IReadOnlyDictionary<string, string> Folders, IReadOnlyList<PlantedNetworkCase> NetworkCases,
    IReadOnlyDictionary<(string Force, string InvestigationRef), IReadOnlyList<string>> RealSuspects)
{
    /// <summary>The real people (ground truth ids) recorded as suspects in an investigation; none when it has no suspect.</summary>
    public IReadOnlyList<string> RealSuspectsOf(string force, string investigationRef) =>
        RealSuspects.TryGetValue((force, investigationRef), out var people) ? people : [];

    /// <summary>The planted networks whose investigations were recorded by more than one force.</summary>
    public IReadOnlyList<string> CrossForceNetworks =>
        [.. NetworkCases.GroupBy(c => c.NetworkId).Where(g => g.Select(c => c.Force).Distinct(StringComparer.Ordinal).Count() > 1)
            .Select(g => g.Key).Order(StringComparer.Ordinal)];

    /// <summary>
    /// Generates <paramref name="options"/>' extract into <c>directory/FORCE/</c>, one bundle per force, each with its
    /// own truth folder (a network's members are listed in every force's truth, since they carry no force).
    /// </summary>
    public static ForceBundles Write(SynthesisOptions options, string directory)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        using var sink = new ForceSplitSink(directory, [.. options.Plan().Select(p => p.Force.Code)]);
        var summary = new ExtractGenerator(options).Generate(sink);
        return new ForceBundles(summary, sink.Folders, sink.NetworkCases, sink.RealSuspects());
    }

    /// <summary>Routes each row to its force's <see cref="BundleWriter"/>.</summary>
    private sealed class ForceSplitSink : IExtractSink, IDisposable
    {
        private readonly Dictionary<string, BundleWriter> _writers = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _folders = new(StringComparer.Ordinal);
        private readonly List<PlantedNetworkCase> _cases = [];
        private readonly Dictionary<(string Force, string PersonRef), string> _realOf = [];
        private readonly List<(string Force, string InvestigationRef, string PersonRef)> _suspects = [];

        public ForceSplitSink(string directory, IReadOnlyList<string> forces)
        {
            foreach (var force in forces)
            {
                var folder = Path.Combine(directory, force);
                _folders[force] = folder;
                _writers[force] = new BundleWriter(folder);
            }
        }

        public IReadOnlyDictionary<string, string> Folders => _folders;
        public IReadOnlyList<PlantedNetworkCase> NetworkCases => _cases;

        private BundleWriter Of(string force) =>
            _writers.TryGetValue(force, out var writer) ? writer
                : throw new InvalidOperationException($"The generator wrote a row of force {force}, which is not in its plan.");

        public void Investigation(Investigation investigation) => Of(investigation.Force).Investigation(investigation);
        public void Person(Person person, string realPersonId)
        {
            Of(person.Force).Person(person, realPersonId);
            _realOf[(person.Force, person.PersonRef)] = realPersonId;
        }

        public void Involvement(Involvement involvement)
        {
            Of(involvement.Force).Involvement(involvement);
            if (involvement.Role == InvolvementRole.Suspect) _suspects.Add((involvement.Force, involvement.InvestigationRef, involvement.PersonRef));
        }

        /// <summary>Each investigation's suspects as real people, once every row is written (a nominal may come after its involvement).</summary>
        public Dictionary<(string Force, string InvestigationRef), IReadOnlyList<string>> RealSuspects() =>
            _suspects.GroupBy(s => (s.Force, s.InvestigationRef))
                .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)[.. g.Select(s => _realOf[(s.Force, s.PersonRef)]).Distinct(StringComparer.Ordinal)]);
        public void Identifier(Identifier identifier) => Of(identifier.Force).Identifier(identifier);

        public void NetworkMember(string networkId, string realPersonId, NetworkRole role)
        {
            foreach (var writer in _writers.Values) writer.NetworkMember(networkId, realPersonId, role);
        }

        public void NetworkInvestigation(string networkId, string force, string investigationRef, bool missedGroup)
        {
            Of(force).NetworkInvestigation(networkId, force, investigationRef, missedGroup);
            _cases.Add(new(networkId, force, investigationRef, missedGroup));
        }

        public void Dispose()
        {
            foreach (var writer in _writers.Values) writer.Dispose();
        }
    }
}
