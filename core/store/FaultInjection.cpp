#include "store/FaultInjection.h"

#include "util/Logging.h"

#include <QHash>
#include <QMutex>
#include <QStringList>

#include <atomic>

namespace ec {

namespace {

struct Rule
{
    QString step;
    int call = 1;
    bool persistent = false;
    FaultInjection::Kind kind = FaultInjection::Kind::Error;
};

struct State
{
    QMutex mutex;
    bool loaded = false;
    QVector<Rule> rules;
    QHash<QString, int> calls;
};

State& state()
{
    static State s;
    return s;
}

/// Fast path: no rules, no lock.
std::atomic<bool> g_active{false};
std::atomic<bool> g_loaded{false};

bool parse(const QString& specification, QVector<Rule>* rules, QString* error)
{
    static const QStringList steps = {
        QStringLiteral("open"), QStringLiteral("page"), QStringLiteral("claim"), QStringLiteral("cache"),
        QStringLiteral("commit"), QStringLiteral("record"), QStringLiteral("renew"), QStringLiteral("close"),
        // Batch API mode (ops/BatchRunner): after the upload is recorded, after the batch is
        // created (before it is recorded), between the commits of a collection.
        QStringLiteral("batch-upload"), QStringLiteral("batch-create"), QStringLiteral("batch-collect")};
    for (const QString& part : specification.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const QStringList fields = part.trimmed().split(QLatin1Char(':'));
        Rule rule;
        rule.step = fields.value(0);
        QString call = fields.value(1, QStringLiteral("1"));
        rule.persistent = call.endsWith(QLatin1Char('+'));
        if (rule.persistent)
            call.chop(1);
        bool ok = false;
        rule.call = call.toInt(&ok);
        const QString kind = fields.value(2, QStringLiteral("error"));
        if (kind == QLatin1String("deadlock"))
            rule.kind = FaultInjection::Kind::Deadlock;
        else if (kind == QLatin1String("disconnect"))
            rule.kind = FaultInjection::Kind::Disconnect;
        else if (kind == QLatin1String("hang"))
            rule.kind = FaultInjection::Kind::Hang;
        else if (kind != QLatin1String("error"))
            ok = false;
        if (!ok || rule.call < 1 || !steps.contains(rule.step) || fields.size() > 3) {
            if (error)
                *error = QStringLiteral(
                             "bad fault specification \"%1\": step:N[+][:error|deadlock|disconnect|hang] "
                             "with step one of %2")
                             .arg(part, steps.join(QStringLiteral(", ")));
            return false;
        }
        rules->push_back(rule);
    }
    return true;
}

void loadFromEnvironment()
{
    if (g_loaded.load())
        return;
    State& s = state();
    QMutexLocker lock(&s.mutex);
    if (s.loaded)
        return;
    s.loaded = true;
    const QString spec = qEnvironmentVariable("EMBEDCTL_FAULT");
    QString error;
    if (!spec.isEmpty() && !parse(spec, &s.rules, &error))
        qCWarning(lcStore).noquote() << "EMBEDCTL_FAULT ignored:" << error;
    g_active = !s.rules.isEmpty();
    g_loaded = true;
}

} // namespace

bool FaultInjection::configure(const QString& specification, QString* error)
{
    QVector<Rule> rules;
    if (!parse(specification, &rules, error))
        return false;
    State& s = state();
    QMutexLocker lock(&s.mutex);
    s.loaded = true;
    s.rules = rules;
    s.calls.clear();
    g_active = !rules.isEmpty();
    g_loaded = true;
    return true;
}

FaultInjection::Kind FaultInjection::hit(const char* step, QString* message)
{
    loadFromEnvironment();
    if (!g_active.load())
        return Kind::None;
    State& s = state();
    QMutexLocker lock(&s.mutex);
    const QString name = QString::fromLatin1(step);
    const int call = ++s.calls[name];
    for (const Rule& rule : std::as_const(s.rules)) {
        if (rule.step != name || call < rule.call || (!rule.persistent && call != rule.call))
            continue;
        qCWarning(lcStore).noquote() << "injected fault:" << name << "call" << call;
        if (message) {
            if (rule.kind == Kind::Deadlock)
                *message = QStringLiteral("ERROR:  deadlock detected (injected fault in step %1, call %2)")
                               .arg(name)
                               .arg(call);
            else
                *message = QStringLiteral("injected fault in step %1, call %2").arg(name).arg(call);
        }
        return rule.kind;
    }
    return Kind::None;
}

} // namespace ec
