#include "sim/EmbeddingInputs.h"

#include "tokenizer/Cl100kTokenizer.h"

#include <QJsonArray>

#include <cmath>
#include <limits>
#include <vector>

namespace ec {

std::optional<EmbeddingInputs> EmbeddingInputs::parse(const QJsonValue& input)
{
    const Cl100kTokenizer& tokenizer = Cl100kTokenizer::instance();
    EmbeddingInputs parsed;
    QVector<QByteArray>& texts = parsed.texts;
    QVector<int>& tokens = parsed.tokens;
    auto tokenIds = [](const QJsonArray& array, std::vector<int>* ids) {
        for (const QJsonValue& v : array) {
            const double d = v.toDouble(-1);
            if (!v.isDouble() || d < 0 || d != std::floor(d) || d > std::numeric_limits<int>::max())
                return false;
            ids->push_back(static_cast<int>(d));
        }
        return !ids->empty();
    };
    if (input.isString()) {
        texts.append(input.toString().toUtf8());
    } else if (input.isArray()) {
        const QJsonArray array = input.toArray();
        if (!array.isEmpty() && array.first().isDouble()) {
            std::vector<int> ids;
            if (!tokenIds(array, &ids))
                return std::nullopt;
            texts.append(tokenizer.decode(ids));
            tokens.append(static_cast<int>(ids.size()));
        } else {
            for (const QJsonValue& item : array) {
                if (item.isString()) {
                    texts.append(item.toString().toUtf8());
                } else if (item.isArray()) {
                    std::vector<int> ids;
                    if (!tokenIds(item.toArray(), &ids))
                        return std::nullopt;
                    texts.append(tokenizer.decode(ids));
                    tokens.resize(texts.size() - 1, -1);
                    tokens.append(static_cast<int>(ids.size()));
                } else {
                    return std::nullopt;
                }
            }
        }
    } else if (!input.isUndefined() && !input.isNull()) {
        return std::nullopt;
    }
    tokens.resize(texts.size(), -1);
    for (qsizetype i = 0; i < texts.size(); ++i) {
        if (tokens[i] < 0)
            tokens[i] = tokenizer.count(QByteArrayView(texts[i]));
    }
    return parsed;
}

} // namespace ec
