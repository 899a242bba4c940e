#include "sim/SimulatorOptions.h"

#include <algorithm>
#include <cmath>

namespace ec {

namespace {

struct KindName
{
    FaultSpec::Kind kind;
    const char* name;
};

constexpr KindName kKinds[] = {
    {FaultSpec::Kind::Http429, "429"},      {FaultSpec::Kind::Http500, "500"},
    {FaultSpec::Kind::Http503, "503"},      {FaultSpec::Kind::QueueFull, "queue-full"},
    {FaultSpec::Kind::Quota, "quota"},      {FaultSpec::Kind::Hang, "hang"},
    {FaultSpec::Kind::Reset, "reset"},      {FaultSpec::Kind::Malformed, "malformed"},
    {FaultSpec::Kind::WrongCount, "count"}, {FaultSpec::Kind::WrongDimensions, "dims"},
    {FaultSpec::Kind::NaN, "nan"},          {FaultSpec::Kind::DuplicateIndex, "index"},
    {FaultSpec::Kind::Shuffle, "shuffle"},  {FaultSpec::Kind::BadInput, "bad-input"},
};

bool setError(QString* error, const QString& text)
{
    if (error)
        *error = text;
    return false;
}

} // namespace

QString FaultSpec::name() const
{
    for (const KindName& k : kKinds) {
        if (k.kind == kind)
            return QLatin1String(k.name);
    }
    return QStringLiteral("unknown");
}

bool FaultSpec::parseList(const QStringList& items, QVector<FaultSpec>* out, QString* error)
{
    QVector<FaultSpec> specs;
    for (const QString& item : items) {
        const QStringList parts = item.split(QLatin1Char(','), Qt::SkipEmptyParts);
        for (QString part : parts) {
            part = part.trimmed();
            if (part.isEmpty())
                continue;
            FaultSpec spec;
            const QString badInput = QStringLiteral("bad-input:");
            if (part.startsWith(badInput)) {
                spec.kind = Kind::BadInput;
                spec.fraction = 1.0;
                spec.substring = part.mid(badInput.size()).toUtf8();
                if (spec.substring.isEmpty())
                    return setError(error,
                                    QStringLiteral("fault \"%1\": bad-input needs a substring").arg(part));
                specs.append(spec);
                continue;
            }
            QString name = part;
            const qsizetype colon = part.indexOf(QLatin1Char(':'));
            if (colon >= 0) {
                name = part.left(colon);
                bool ok = false;
                spec.fraction = part.mid(colon + 1).toDouble(&ok);
                if (!ok || !std::isfinite(spec.fraction) || spec.fraction < 0 || spec.fraction > 1)
                    return setError(
                        error,
                        QStringLiteral("fault \"%1\": the fraction must be a number in [0, 1]").arg(part));
            } else {
                spec.fraction = kDefaultFraction;
            }
            bool known = false;
            for (const KindName& k : kKinds) {
                if (name == QLatin1String(k.name) && k.kind != Kind::BadInput) {
                    spec.kind = k.kind;
                    known = true;
                }
            }
            if (!known)
                return setError(
                    error, QStringLiteral("unknown fault \"%1\" (known: 429, 500, 503, queue-full, quota, "
                                          "hang, reset, malformed, count, dims, nan, index, shuffle, "
                                          "bad-input:TEXT)")
                               .arg(name));
            specs.append(spec);
        }
    }
    if (out)
        *out = std::move(specs);
    return true;
}

SimulatorOptions SimulatorOptions::standingInFor(const EmbeddingSettings& embedding)
{
    SimulatorOptions options;
    if (embedding.effectiveDimensions() > 0)
        options.dimensions = embedding.effectiveDimensions();
    options.recordServedTexts = false;
    options.requestLogLimit = 1000;
    // 12 simulated hours a real second: a batch ends about 3 s after it is made. A stand-in
    // ends with the process it serves, and its batches with it, so the CLI waits for them.
    options.batch.minutesPerSecond = 720;
    return options;
}

bool SimulatorOptions::validate(QString* error) const
{
    if (dimensions < 1 || dimensions > 65536)
        return setError(error, QStringLiteral("dimensions must be between 1 and 65536"));
    if (latencyMs < 0 || hangMs < 0 || injectedRetryAfterMs < 0)
        return setError(error, QStringLiteral("latency, hang and retry-after times cannot be negative"));
    if (!std::isfinite(rpm) || !std::isfinite(tpm) || rpm < 0 || tpm < 0)
        return setError(error, QStringLiteral("rpm and tpm must be 0 (unlimited) or positive"));
    if (!std::isfinite(failRate) || failRate < 0 || failRate > 1)
        return setError(error, QStringLiteral("the fail rate must be in [0, 1]"));
    const Limits l = limits();
    if (l.maxInputsPerRequest < 0 || l.maxTokensPerInput < 0 || l.maxTokensPerRequest < 0 || l.maxQueue < 0)
        return setError(error, QStringLiteral("request limits must be 0 (none) or positive"));
    if (!batch.validate(error))
        return false;
    QVector<FaultSpec> specs;
    if (!FaultSpec::parseList(faults, &specs, error))
        return false;
    const bool quotaFault = std::any_of(specs.cbegin(), specs.cend(),
                                        [](const FaultSpec& f) { return f.kind == FaultSpec::Kind::Quota; });
    if ((quotaExhausted || quotaFault) && !profileTraits(profile).supportsQuotaExhaustion)
        return setError(error, QStringLiteral("the %1 profile has no billing quota to exhaust (openai only)")
                                   .arg(profileName(profile)));
    return true;
}

SimulatorOptions::Limits SimulatorOptions::limits() const
{
    const ProfileTraits& t = profileTraits(profile);
    return {maxInputsPerRequest.value_or(t.maxInputsPerRequest),
            maxTokensPerInput.value_or(t.maxTokensPerInput),
            maxTokensPerRequest.value_or(t.maxTokensPerRequest),
            truncateOverlong.value_or(t.truncatesOverlong), maxQueue.value_or(t.maxQueue)};
}

} // namespace ec
