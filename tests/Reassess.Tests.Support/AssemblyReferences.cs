using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace Reassess.Tests.Support;

/// <summary>
/// What an assembly's compiled code refers to in other assemblies, read from its metadata: the types (as
/// <c>Namespace.Type</c>) and the members (as <c>Namespace.Type::Member</c>, constructors as <c>::.ctor</c>). The
/// architecture invariants are tests over these sets, so they see what the compiler emitted, whatever the source says.
/// </summary>
public static class AssemblyReferences
{
    /// <summary>Every type <paramref name="assembly"/> refers to in another assembly.</summary>
    public static IReadOnlySet<string> TypesOf(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        using var pe = new PEReader(File.OpenRead(assembly.Location));
        var md = pe.GetMetadataReader();
        return md.TypeReferences.Select(h => Name(md, md.GetTypeReference(h))).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Every member <paramref name="assembly"/> calls or reads on a type of another assembly, or constructs.</summary>
    public static IReadOnlySet<string> MembersOf(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        using var pe = new PEReader(File.OpenRead(assembly.Location));
        var md = pe.GetMetadataReader();
        var members = new HashSet<string>(StringComparer.Ordinal);
        foreach (var h in md.MemberReferences)
        {
            var member = md.GetMemberReference(h);
            var parent = member.Parent.Kind switch
            {
                HandleKind.TypeReference => Name(md, md.GetTypeReference((TypeReferenceHandle)member.Parent)),
                HandleKind.TypeDefinition => Name(md, md.GetTypeDefinition((TypeDefinitionHandle)member.Parent)),
                _ => null,
            };
            if (parent is not null) members.Add(parent + "::" + md.GetString(member.Name));
        }
        // Constructors of the assembly's own types are method definitions, not references: callers in the same
        // assembly are found through the types it defines.
        return members;
    }

    private static string Name(MetadataReader md, TypeReference type) =>
        (type.Namespace.IsNil ? "" : md.GetString(type.Namespace) + ".") + md.GetString(type.Name);

    private static string Name(MetadataReader md, TypeDefinition type) =>
        (type.Namespace.IsNil ? "" : md.GetString(type.Namespace) + ".") + md.GetString(type.Name);
}
