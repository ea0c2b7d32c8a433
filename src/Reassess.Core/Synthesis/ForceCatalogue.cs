namespace Reassess.Synthesis;

/// <summary>A territorial police force of England and Wales, with its share of the national caseload.</summary>
public sealed record SyntheticForce(string Code, string Name, double Weight);

/// <summary>
/// The 43 territorial forces of England and Wales, largest first, weighted roughly by the population they police, so a
/// synthetic national extract has a Metropolitan Police share a reviewer would recognise.
/// </summary>
public static class ForceCatalogue
{
    public static readonly IReadOnlyList<SyntheticForce> All =
    [
        new("MPS", "Metropolitan Police Service", 8.9), new("GMP", "Greater Manchester Police", 2.9),
        new("WMP", "West Midlands Police", 2.9), new("TVP", "Thames Valley Police", 2.4), new("WYP", "West Yorkshire Police", 2.3),
        new("HAMPS", "Hampshire and Isle of Wight Constabulary", 2.0), new("KENT", "Kent Police", 1.9),
        new("ESSEX", "Essex Police", 1.8), new("DCP", "Devon and Cornwall Police", 1.8), new("ASP", "Avon and Somerset Police", 1.7),
        new("SUSSEX", "Sussex Police", 1.7), new("LANCS", "Lancashire Constabulary", 1.5), new("NBRIA", "Northumbria Police", 1.5),
        new("MERSEY", "Merseyside Police", 1.4), new("SYP", "South Yorkshire Police", 1.4), new("SWP", "South Wales Police", 1.3),
        new("WMERCIA", "West Mercia Police", 1.3), new("HERTS", "Hertfordshire Constabulary", 1.2), new("SURREY", "Surrey Police", 1.2),
        new("NOTTS", "Nottinghamshire Police", 1.2), new("STAFFS", "Staffordshire Police", 1.1), new("LEICS", "Leicestershire Police", 1.1),
        new("CHESH", "Cheshire Constabulary", 1.07), new("DERBYS", "Derbyshire Constabulary", 1.05), new("HUMBER", "Humberside Police", 0.93),
        new("NORFOLK", "Norfolk Constabulary", 0.91), new("CAMBS", "Cambridgeshire Constabulary", 0.87), new("NYP", "North Yorkshire Police", 0.83),
        new("DORSET", "Dorset Police", 0.78), new("LINCS", "Lincolnshire Police", 0.77), new("SUFFOLK", "Suffolk Constabulary", 0.76),
        new("NHANTS", "Northamptonshire Police", 0.76), new("WILTS", "Wiltshire Police", 0.73), new("NWP", "North Wales Police", 0.7),
        new("BEDS", "Bedfordshire Police", 0.69), new("DURHAM", "Durham Constabulary", 0.64), new("GLOS", "Gloucestershire Constabulary", 0.64),
        new("GWENT", "Gwent Police", 0.6), new("WARKS", "Warwickshire Police", 0.6), new("CLEVE", "Cleveland Police", 0.57),
        new("DPP", "Dyfed-Powys Police", 0.52), new("CUMBRIA", "Cumbria Constabulary", 0.5), new("CITY", "City of London Police", 0.05),
    ];
}
