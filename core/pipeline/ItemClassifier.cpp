#include "pipeline/ItemClassifier.h"

#include "text/ContentHash.h"

namespace ec {

ItemClassifier::ItemClassifier(const BatchSettings& batch, QString model, int dimensions)
    : m_batch(batch)
    , m_model(std::move(model))
    , m_dimensions(dimensions)
    , m_builder(batch)
    , m_preparer(std::make_unique<InputPreparer>(batch))
{}

ItemVerdict ItemClassifier::classify(const CatalogItem& item, bool judgeUnchanged) const
{
    if (!item.unreadable.isEmpty()) {
        ItemVerdict verdict;
        verdict.kind = ItemVerdict::Kind::Unreadable;
        verdict.code = QStringLiteral("unreadable_row");
        verdict.message = item.unreadable;
        return verdict;
    }
    ItemVerdict verdict =
        verdictOf(m_preparer->prepare(m_builder.build(item.title, item.summary, item.tags)));
    if (judgeUnchanged && verdict.kind == ItemVerdict::Kind::Send && !item.embeddedHash.isEmpty() &&
        item.embeddedHash == verdict.hash)
        verdict.kind = ItemVerdict::Kind::Unchanged;
    return verdict;
}

ItemVerdict ItemClassifier::reprepare(const QByteArray& text) const
{
    return verdictOf(m_preparer->prepare(text));
}

void ItemClassifier::setTokenLimit(int tokens)
{
    BatchSettings settings = m_batch;
    settings.maxTokensPerInput = tokens;
    m_preparer = std::make_unique<InputPreparer>(settings);
}

ItemVerdict ItemClassifier::verdictOf(PreparedInput input) const
{
    ItemVerdict verdict;
    if (input.isSkipped()) {
        verdict.kind = ItemVerdict::Kind::Skipped;
        verdict.code = InputPreparer::skipCode(input.skip);
        verdict.message = input.skipMessage;
        return verdict;
    }
    verdict.hash = ContentHash::of(input.text, m_model, m_dimensions);
    verdict.input = std::move(input);
    return verdict;
}

} // namespace ec
