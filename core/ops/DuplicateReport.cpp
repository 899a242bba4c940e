#include "ops/DuplicateReport.h"

#include "pipeline/ItemClassifier.h"
#include "store/ItemStore.h"
#include "text/InputPreparer.h"
#include "text/ItemTextBuilder.h"

#include <QHash>
#include <QJsonArray>

#include <algorithm>

namespace ec {

QJsonObject DuplicateGroup::toJson() const
{
    return QJsonObject{
        {QStringLiteral("content_hash"), QString::fromLatin1(contentHash)},
        {QStringLiteral("item_ids"), QJsonArray::fromStringList(itemIds)},
        {QStringLiteral("count"), count()},
        {QStringLiteral("sample"), sample},
        {QStringLiteral("tokens"), tokens},
    };
}

QString DuplicateReport::scopeName(Scope scope)
{
    return scope == Scope::All ? QStringLiteral("all") : QStringLiteral("pending");
}

QJsonObject DuplicateReport::toJson() const
{
    QJsonArray groupArray;
    for (const DuplicateGroup& group : groups)
        groupArray.append(group.toJson());
    return QJsonObject{
        {QStringLiteral("groups"), groupArray},
        {QStringLiteral("group_count"), qint64(groups.size())},
        {QStringLiteral("duplicate_items"), duplicateItems},
        {QStringLiteral("saved_tokens"), savedTokens},
        {QStringLiteral("saved_usd"), saved.usd},
        {QStringLiteral("saved_krw"), saved.krw},
        {QStringLiteral("saved_batch_usd"), saved.batchUsd},
        {QStringLiteral("scope"), scopeName(scope)},
        {QStringLiteral("model"), model},
        {QStringLiteral("dimensions"), dimensions},
        {QStringLiteral("items_scanned"), itemsScanned},
        {QStringLiteral("skipped_items"), skippedItems},
        {QStringLiteral("distinct_texts"), distinctTexts},
    };
}

DuplicateFinder::DuplicateFinder(AppConfig config)
    : m_config(std::move(config))
{}

Result<DuplicateReport> DuplicateFinder::find(const ItemStore& store, DuplicateReport::Scope scope,
                                              Feedback* feedback) const
{
    DuplicateReport report;
    report.scope = scope;
    report.model = m_config.embedding.model;
    report.dimensions = m_config.embedding.effectiveDimensions();

    qint64 total = -1;
    if (feedback) {
        if (scope == DuplicateReport::Scope::All) {
            const Result<StatusCounts> status = store.status(m_config.embedding);
            if (!status)
                return fail(status.error());
            total = status->totalItems;
        } else {
            PendingQuery count;
            count.model = report.model;
            count.dimensions = report.dimensions;
            count.ignoreLeases = count.ignoreBackoff = count.includeParked = true;
            const Result<qint64> pending = store.pendingCount(count);
            if (!pending)
                return fail(pending.error());
            total = *pending;
        }
        if (!Feedback::report(feedback, 0, total))
            return fail(QStringLiteral("cancelled"));
    }

    /// The first item of each distinct text, and its group once a second item shares it.
    struct FirstSeen
    {
        QString itemId;
        int group = -1;
    };
    QHash<QByteArray, FirstSeen> seen;
    const ItemClassifier classifier(m_config.batch, report.model, report.dimensions);

    ItemsQuery query;
    query.model = report.model;
    query.dimensions = report.dimensions;
    query.onlyPending = scope == DuplicateReport::Scope::Pending;
    query.limit = qMax(1, m_config.run.pageSize);
    for (;;) {
        QString pageError;
        const QVector<CatalogItem> items = store.itemsPage(query, &pageError);
        if (!pageError.isEmpty())
            return fail(pageError);
        for (const CatalogItem& item : items) {
            // Every row, whatever its vector: the text a run would send, or nothing to group.
            const ItemVerdict verdict = classifier.classify(item, false);
            if (verdict.kind != ItemVerdict::Kind::Send) {
                ++report.skippedItems;
                continue;
            }
            const PreparedInput& input = verdict.input;
            const QByteArray& hash = verdict.hash;
            const QByteArray key = QByteArray::fromHex(hash);
            auto it = seen.find(key);
            if (it == seen.end()) {
                seen.insert(key, {item.id, -1});
                continue;
            }
            if (it->group < 0) {
                DuplicateGroup group;
                group.contentHash = hash;
                group.itemIds = {it->itemId};
                group.sample = QString::fromUtf8(input.text).left(kSampleChars);
                group.tokens = input.tokens;
                it->group = int(report.groups.size());
                report.groups << group;
            }
            report.groups[it->group].itemIds << item.id;
        }
        report.itemsScanned += items.size();
        if (!Feedback::report(feedback, report.itemsScanned, total))
            return fail(QStringLiteral("cancelled"));
        if (items.size() < query.limit)
            break;
        query.afterId = items.constLast().id;
    }

    report.distinctTexts = seen.size();
    for (const DuplicateGroup& group : std::as_const(report.groups)) {
        report.duplicateItems += group.count() - 1;
        report.savedTokens += (group.count() - 1) * group.tokens;
    }
    std::sort(report.groups.begin(), report.groups.end(),
              [](const DuplicateGroup& a, const DuplicateGroup& b) {
                  const qint64 savedA = (a.count() - 1) * a.tokens, savedB = (b.count() - 1) * b.tokens;
                  return savedA != savedB ? savedA > savedB : a.contentHash < b.contentHash;
              });
    report.saved = CostModel(m_config.prices).cost(report.model, report.savedTokens);
    return report;
}

} // namespace ec
