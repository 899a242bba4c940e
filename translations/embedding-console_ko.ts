<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko_KR">
<context>
    <name>BatchRunner</name>
    <message>
        <source>batch row %1 was never uploaded: its items are pending again</source>
        <translation>배치 행 %1은(는) 업로드되지 않았습니다. 아이템은 다시 대기 상태입니다</translation>
    </message>
    <message>
        <source>batch row %1: created batch %2 from the recorded upload</source>
        <translation>배치 행 %1: 기록된 업로드로 배치 %2를 만들었습니다</translation>
    </message>
    <message>
        <source>batch row %1: found batch %2 made of the recorded upload</source>
        <translation>배치 행 %1: 기록된 업로드로 만든 배치 %2를 찾았습니다</translation>
    </message>
    <message>
        <source>collected staging batch %1 (%2): %3 written, %4 failed, %5 back to pending</source>
        <translation>스테이징 배치 %1 수집 (%2): %3개 기록, %4개 실패, %5개 대기로 돌아감</translation>
    </message>
    <message>
        <source>collected batch %1 (%2): %3 written, %4 failed, %5 back to pending</source>
        <translation>배치 %1 수집 (%2): %3개 기록, %4개 실패, %5개 대기로 돌아감</translation>
    </message>
    <message>
        <source>submitted batch %1: %2 items, %3 inputs in %4 requests, %5 tokens</source>
        <translation>배치 %1 제출: 아이템 %2개, 요청 %4개에 입력 %3개, 토큰 %5개</translation>
    </message>
</context>
<context>
    <name>ModelChoice</name>
    <message>
        <source>model %1: the model of %2 of the %3 embedded rows of %4 (no model configured)</source>
        <translation>모델 %1: %4의 임베딩된 행 %3개 중 %2개의 모델 (설정된 모델 없음)</translation>
    </message>
    <message>
        <source>model %1: the built-in default (no model configured, and %2 has no vectors yet)</source>
        <translation>모델 %1: 기본 모델 (설정된 모델이 없고 %2에 아직 벡터가 없음)</translation>
    </message>
    <message>
        <source>model %1: configured (%2 has no vectors yet)</source>
        <translation>모델 %1: 설정됨 (%2에 아직 벡터가 없음)</translation>
    </message>
    <message>
        <source>model %1: configured, the model of %2 of the %3 embedded rows of %4</source>
        <translation>모델 %1: 설정됨, %4의 임베딩된 행 %3개 중 %2개의 모델</translation>
    </message>
    <message>
        <source>model %1: configured, but %2 of the %3 embedded rows of %4 hold %5 vectors</source>
        <translation>모델 %1: 설정됨, 하지만 %4의 임베딩된 행 %3개 중 %2개가 %5 벡터를 갖고 있음</translation>
    </message>
    <message>
        <source>the configured model %1 is not the table&apos;s: %2 of the %3 embedded rows of %4 hold %5 vectors; a run refuses to mix them (use --model %6, or embedctl migrate)</source>
        <translation>설정된 모델 %1은(는) 테이블의 모델이 아닙니다: %4의 임베딩된 행 %3개 중 %2개가 %5 벡터를 갖고 있습니다. 실행은 두 모델을 섞지 않습니다 (--model %6을 쓰거나 모델 전환 탭 또는 embedctl migrate를 사용하세요)</translation>
    </message>
    <message>
        <source>refusing to mix models: %1 of the %2 embedded rows of %3 hold %4 vectors, and the configured model is %5. Embedding with %5 would leave the table&apos;s search index with vectors of two incompatible spaces. Either keep the table&apos;s model (%6), or change models without a search outage (%7). --allow-mixed-models re-embeds row by row anyway.</source>
        <translation>모델을 섞지 않습니다: %3의 임베딩된 행 %2개 중 %1개가 %4 벡터를 갖고 있는데, 설정된 모델은 %5입니다. %5로 임베딩하면 테이블의 검색 인덱스에 서로 호환되지 않는 두 공간의 벡터가 섞입니다. 테이블의 모델을 유지하거나(%6), 검색 중단 없이 모델을 바꾸세요(%7). --allow-mixed-models를 쓰면 그래도 행마다 다시 임베딩합니다.</translation>
    </message>
</context>
<context>
    <name>StoreSession</name>
    <message>
        <source>database connection lost, reconnecting: %1</source>
        <translation>데이터베이스 연결이 끊겨 다시 연결하는 중: %1</translation>
    </message>
</context>
<context>
    <name>ec::RunEngine</name>
    <message>
        <source>the run cannot go on, the endpoint answers every request so: %1</source>
        <translation>실행을 계속할 수 없습니다. 엔드포인트가 모든 요청에 이렇게 응답합니다: %1</translation>
    </message>
    <message>
        <source>the endpoint takes at most %1 inputs per request: batches are cut to that (kept for later runs; run --forget-limits learns it again)</source>
        <translation>엔드포인트는 요청당 입력을 최대 %1개까지 받습니다. 배치를 그 크기로 나눕니다 (이후 실행에도 유지되며, run --forget-limits로 다시 알아냅니다)</translation>
    </message>
    <message>
        <source>no API key for %1: set OPENAI_API_KEY (or AZURE_OPENAI_API_KEY), or use the built-in simulator</source>
        <translation>%1의 API 키가 없습니다. OPENAI_API_KEY(또는 AZURE_OPENAI_API_KEY)를 설정하거나 내장 시뮬레이터를 사용하세요</translation>
    </message>
    <message numerus="yes">
        <source>%n earlier run(s) found dead and marked interrupted</source>
        <translation>
            <numerusform>멈춘 이전 실행 %n개를 찾아 중단됨으로 표시했습니다</numerusform>
        </translation>
    </message>
    <message>
        <source>the endpoint takes at most %1 inputs per request (learned in an earlier run)</source>
        <translation>엔드포인트는 요청당 입력을 최대 %1개까지 받습니다 (이전 실행에서 알아냄)</translation>
    </message>
    <message>
        <source>cannot read the pending items: %1</source>
        <translation>대기 아이템을 읽을 수 없습니다: %1</translation>
    </message>
    <message numerus="yes">
        <source>database connection lost: reconnecting for up to %n s</source>
        <translation>
            <numerusform>데이터베이스 연결이 끊겼습니다. 최대 %n초 동안 다시 연결합니다</numerusform>
        </translation>
    </message>
    <message>
        <source>database connection back</source>
        <translation>데이터베이스에 다시 연결했습니다</translation>
    </message>
    <message>
        <source>the model takes at most %1 tokens per input: longer texts are cut to %2 tokens</source>
        <translation>모델은 입력당 토큰을 최대 %1개까지 받습니다. 더 긴 텍스트는 %2토큰으로 자릅니다</translation>
    </message>
    <message>
        <source>writing a batch failed, nothing of it was kept: %1</source>
        <translation>배치 기록에 실패해 그 배치는 아무것도 남기지 않았습니다: %1</translation>
    </message>
    <message>
        <source>stopping: finishing the requests in flight</source>
        <translation>중지 중: 진행 중인 요청을 마무리합니다</translation>
    </message>
    <message>
        <source>aborting the requests in flight</source>
        <translation>진행 중인 요청을 강제 중단합니다</translation>
    </message>
    <message numerus="yes">
        <source>%n item(s) found pending were neither embedded, failed nor left pending: deleted, or written by another program during the run?</source>
        <translation>
            <numerusform>대기 중이던 아이템 %n개가 임베딩되지도, 실패로 기록되지도, 대기로 남지도 않았습니다. 실행 중에 삭제되었거나 다른 프로그램이 기록했을 수 있습니다</numerusform>
        </translation>
    </message>
    <message>
        <source>spend cap reached: $%1 of $%2 spent or in flight; the rest stays pending</source>
        <translation>지출 한도에 도달했습니다: $%2 중 $%1를 썼거나 요청 중입니다. 나머지는 대기로 남습니다</translation>
    </message>
</context>
<context>
    <name>ec::ui::BatchTableModel</name>
    <message>
        <source>%1 h %2 min of 24 h</source>
        <translation>24시간 중 %1시간 %2분</translation>
    </message>
    <message>
        <source>abandoned (items pending again)</source>
        <translation>버려짐 (아이템은 다시 대기)</translation>
    </message>
    <message>
        <source>preparing</source>
        <translation>준비 중</translation>
    </message>
    <message>
        <source>uploaded</source>
        <translation>업로드됨</translation>
    </message>
    <message>
        <source>validating</source>
        <translation>검증 중</translation>
    </message>
    <message>
        <source>in progress</source>
        <translation>진행 중</translation>
    </message>
    <message>
        <source>finalizing</source>
        <translation>마무리 중</translation>
    </message>
    <message>
        <source>completed</source>
        <translation>완료</translation>
    </message>
    <message>
        <source>expired</source>
        <translation>만료</translation>
    </message>
    <message>
        <source>cancelling</source>
        <translation>취소 중</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>취소됨</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>실패</translation>
    </message>
    <message>
        <source>%1, collected</source>
        <translation>%1, 수집됨</translation>
    </message>
    <message>
        <source>Row %1 · input file %2 · output file %3</source>
        <translation>행 %1 · 입력 파일 %2 · 출력 파일 %3</translation>
    </message>
    <message>
        <source>Expected: the submitted tokens at the Batch API price</source>
        <translation>예상: 제출한 토큰을 Batch API 가격으로 계산</translation>
    </message>
    <message>
        <source>Billed: the tokens of the answered requests at the Batch API price</source>
        <translation>청구: 응답받은 요청의 토큰을 Batch API 가격으로 계산</translation>
    </message>
    <message>
        <source>%1 written, %2 failed, %3 back to pending</source>
        <translation>%1개 기록, %2개 실패, %3개 대기로 돌아감</translation>
    </message>
    <message>
        <source>row %1</source>
        <translation>행 %1</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%2 중 %1</translation>
    </message>
    <message>
        <source>%1 written · %2 failed · %3 back to pending</source>
        <translation>%1개 기록 · %2개 실패 · %3개 대기로 돌아감</translation>
    </message>
    <message>
        <source>Batch</source>
        <translation>배치</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>상태</translation>
    </message>
    <message>
        <source>Requests done</source>
        <translation>완료된 요청</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>경과 시간</translation>
    </message>
    <message>
        <source>Items</source>
        <translation>아이템</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>토큰</translation>
    </message>
    <message>
        <source>Cost (Batch price)</source>
        <translation>비용 (Batch 가격)</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>결과</translation>
    </message>
</context>
<context>
    <name>ec::ui::BatchesView</name>
    <message>
        <source>cancelled</source>
        <translation>취소됨</translation>
    </message>
    <message>
        <source>Polling the open batches…</source>
        <translation>열린 배치를 확인하는 중…</translation>
    </message>
    <message>
        <source>Cancel batch</source>
        <translation>배치 취소</translation>
    </message>
    <message>
        <source>Cancel batch %1? The requests already done are kept and written at the next collection; the rest of its items go back to pending.</source>
        <translation>배치 %1을(를) 취소할까요? 이미 끝난 요청은 유지되어 다음 수집 때 기록되고, 나머지 아이템은 대기로 돌아갑니다.</translation>
    </message>
    <message>
        <source>Cancelling batch %1…</source>
        <translation>배치 %1 취소 중…</translation>
    </message>
    <message>
        <source>Submitting the pending items as Batch API batches…</source>
        <translation>대기 중인 아이템을 Batch API 배치로 제출하는 중…</translation>
    </message>
    <message numerus="yes">
        <source>Polled: %Ln batch(es) collected, %1 still open.</source>
        <translation>
            <numerusform>확인 완료: 배치 %Ln개 수집, %1개는 아직 열려 있음.</numerusform>
        </translation>
    </message>
    <message>
        <source>Batch %1 is %2.</source>
        <translation>배치 %1: %2.</translation>
    </message>
    <message numerus="yes">
        <source>Submitted %Ln batch(es): %1 items, %2 tokens, %3 at the Batch API price.</source>
        <translation>
            <numerusform>배치 %Ln개 제출: 아이템 %1개, 토큰 %2개, Batch API 가격으로 %3.</numerusform>
        </translation>
    </message>
    <message>
        <source>Spend cap reached: the rest stays pending.</source>
        <translation>지출 한도에 도달했습니다. 나머지는 대기로 남습니다.</translation>
    </message>
    <message>
        <source>Batch API: %1</source>
        <translation>Batch API: %1</translation>
    </message>
    <message>
        <source>%1 written, %2 failed, %3 back to pending, %4</source>
        <translation>%1개 기록, %2개 실패, %3개 대기로 돌아감, %4</translation>
    </message>
    <message>
        <source>Batch %1: %2</source>
        <translation>배치 %1: %2</translation>
    </message>
    <message numerus="yes">
        <source>%Ln batch(es), %1 open · %2 items · %3 tokens · %4 at the Batch API price</source>
        <translation>
            <numerusform>배치 %Ln개, %1개 열림 · 아이템 %2개 · 토큰 %3개 · Batch API 가격으로 %4</numerusform>
        </translation>
    </message>
    <message>
        <source>· polled every %1 while any is open</source>
        <translation>· 열린 배치가 있는 동안 %1마다 확인</translation>
    </message>
    <message>
        <source>Error: %1</source>
        <translation>오류: %1</translation>
    </message>
    <message>
        <source>Batch API: half price, results within 24 h. Start one with Start run → Batch API.</source>
        <translation>Batch API: 절반 가격, 24시간 안에 결과. 실행 시작 → Batch API로 시작하세요.</translation>
    </message>
    <message>
        <source>Collect</source>
        <translation>수집</translation>
    </message>
    <message>
        <source>Poll the open batches now and collect those that ended: write their vectors, record failures, free their items.</source>
        <translation>열린 배치를 지금 확인하고 끝난 배치를 수집합니다: 벡터를 기록하고, 실패를 기록하고, 아이템을 풀어 줍니다.</translation>
    </message>
    <message>
        <source>Cancel selected</source>
        <translation>선택한 배치 취소</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>새로 고침</translation>
    </message>
    <message>
        <source>SIMULATED</source>
        <translation>시뮬레이션</translation>
    </message>
    <message>
        <source>The endpoint is the built-in simulator: its Batch API runs on an accelerated clock and nothing is billed.</source>
        <translation>엔드포인트가 내장 시뮬레이터입니다. Batch API는 빨라진 시계로 동작하며 요금이 청구되지 않습니다.</translation>
    </message>
</context>
<context>
    <name>ec::ui::ConnectionHeader</name>
    <message>
        <source>Database</source>
        <translation>데이터베이스</translation>
    </message>
    <message>
        <source>Table</source>
        <translation>테이블</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>모델</translation>
    </message>
    <message>
        <source>Endpoint</source>
        <translation>엔드포인트</translation>
    </message>
    <message numerus="yes">
        <source>%1 · %n dimensions</source>
        <translation>
            <numerusform>%1 · %n차원</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 · native dimensions</source>
        <translation>%1 · 기본 차원</translation>
    </message>
    <message>
        <source> (Azure)</source>
        <translation> (Azure)</translation>
    </message>
    <message>
        <source>SIMULATED</source>
        <translation>시뮬레이션</translation>
    </message>
    <message>
        <source>The endpoint is the built-in simulator: no request leaves this machine and nothing is billed.</source>
        <translation>엔드포인트가 내장 시뮬레이터입니다. 요청이 이 컴퓨터 밖으로 나가지 않으며 요금이 청구되지 않습니다.</translation>
    </message>
</context>
<context>
    <name>ec::ui::DashboardView</name>
    <message>
        <source>%1 embedded</source>
        <translation>%1 임베딩됨</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>%1 + %2 cached</source>
        <translation>%1 + 캐시 %2</translation>
    </message>
    <message>
        <source>No run yet</source>
        <translation>아직 실행 없음</translation>
    </message>
    <message>
        <source>%1 (%2 inputs)</source>
        <translation>%1 (입력 %2개)</translation>
    </message>
    <message>
        <source>Catalog</source>
        <translation>카탈로그</translation>
    </message>
    <message>
        <source>This run</source>
        <translation>현재 실행</translation>
    </message>
    <message>
        <source>API and limits</source>
        <translation>API 및 한도</translation>
    </message>
    <message>
        <source>Items</source>
        <translation>아이템</translation>
    </message>
    <message>
        <source>Embedded</source>
        <translation>임베딩 완료</translation>
    </message>
    <message>
        <source>Pending: no vector</source>
        <translation>대기: 벡터 없음</translation>
    </message>
    <message>
        <source>Pending: outdated</source>
        <translation>대기: 오래됨</translation>
    </message>
    <message>
        <source>Pending: other model</source>
        <translation>대기: 다른 모델</translation>
    </message>
    <message>
        <source>Failed items</source>
        <translation>실패 아이템</translation>
    </message>
    <message>
        <source>Parked items</source>
        <translation>보류 아이템</translation>
    </message>
    <message>
        <source>Last embedded</source>
        <translation>마지막 임베딩</translation>
    </message>
    <message>
        <source>Processed</source>
        <translation>처리됨</translation>
    </message>
    <message>
        <source>Succeeded</source>
        <translation>성공</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>실패</translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation>건너뜀</translation>
    </message>
    <message>
        <source>Unchanged (no API call)</source>
        <translation>변경 없음 (API 호출 없음)</translation>
    </message>
    <message>
        <source>Deduplicated</source>
        <translation>중복 제거</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>토큰</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>비용</translation>
    </message>
    <message>
        <source>Throughput</source>
        <translation>처리량</translation>
    </message>
    <message>
        <source>Elapsed</source>
        <translation>경과 시간</translation>
    </message>
    <message>
        <source>Time left (ETA)</source>
        <translation>남은 시간 (ETA)</translation>
    </message>
    <message>
        <source>Requests per minute (limit)</source>
        <translation>분당 요청 수 (한도)</translation>
    </message>
    <message>
        <source>Tokens per minute (limit)</source>
        <translation>분당 토큰 수 (한도)</translation>
    </message>
    <message>
        <source>Concurrency</source>
        <translation>동시 요청 수</translation>
    </message>
    <message>
        <source>Requests in flight</source>
        <translation>진행 중인 요청</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>배치 크기</translation>
    </message>
    <message>
        <source>API requests</source>
        <translation>API 요청</translation>
    </message>
    <message>
        <source>Retries</source>
        <translation>재시도</translation>
    </message>
    <message>
        <source>Rate limited (429)</source>
        <translation>속도 제한 (429)</translation>
    </message>
    <message>
        <source>API errors</source>
        <translation>API 오류</translation>
    </message>
    <message>
        <source>items/s</source>
        <translation>아이템/초</translation>
    </message>
    <message>
        <source>Cumulative progress</source>
        <translation>누적 진행</translation>
    </message>
    <message>
        <source>items</source>
        <translation>아이템</translation>
    </message>
    <message>
        <source>Tokens and cost</source>
        <translation>토큰 및 비용</translation>
    </message>
    <message>
        <source>USD</source>
        <translation>USD</translation>
    </message>
    <message>
        <source>Errors and 429s</source>
        <translation>오류 및 429</translation>
    </message>
    <message>
        <source>429 responses</source>
        <translation>429 응답</translation>
    </message>
    <message>
        <source>count</source>
        <translation>건수</translation>
    </message>
    <message>
        <source>API latency</source>
        <translation>API 지연 시간</translation>
    </message>
    <message>
        <source>p50</source>
        <translation>p50</translation>
    </message>
    <message>
        <source>p95</source>
        <translation>p95</translation>
    </message>
    <message>
        <source>ms</source>
        <translation>ms</translation>
    </message>
    <message>
        <source>Tokens/s</source>
        <translation>토큰/초</translation>
    </message>
    <message>
        <source>Cost so far (USD)</source>
        <translation>누적 비용 (USD)</translation>
    </message>
    <message>
        <source>tokens/s</source>
        <translation>토큰/초</translation>
    </message>
    <message>
        <source>none: adaptive</source>
        <translation>없음: 자동 조절</translation>
    </message>
    <message>
        <source>%1 (from the server)</source>
        <translation>%1 (서버 제공)</translation>
    </message>
    <message>
        <source>%1 (your cap)</source>
        <translation>%1 (설정한 상한)</translation>
    </message>
    <message>
        <source>There is no catalog to embed yet</source>
        <translation>아직 임베딩할 카탈로그가 없습니다</translation>
    </message>
    <message>
        <source>%1

Create a demo catalog of AI tools to try the console against the built-in simulator, or open the settings and point the console at your database and table.</source>
        <translation>%1

데모 카탈로그(AI 도구)를 만들어 내장 시뮬레이터로 콘솔을 써 보거나, 설정을 열어 사용할 데이터베이스와 테이블을 지정하세요.</translation>
    </message>
    <message>
        <source>Create demo catalog…</source>
        <translation>데모 카탈로그 만들기…</translation>
    </message>
    <message>
        <source>Open Settings…</source>
        <translation>설정 열기…</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>다시 시도</translation>
    </message>
    <message>
        <source>The catalog&apos;s figures cannot be read: %1</source>
        <translation>카탈로그 수치를 읽을 수 없습니다: %1</translation>
    </message>
</context>
<context>
    <name>ec::ui::DuplicatesView</name>
    <message>
        <source>Cannot build the duplicate report: %1</source>
        <translation>중복 보고서를 만들 수 없습니다: %1</translation>
    </message>
    <message>
        <source>Hashing every text…</source>
        <translation>모든 텍스트의 해시를 계산하는 중…</translation>
    </message>
    <message>
        <source>%1 groups · %2 items need no request of their own · %3 tokens saved · %4 saved at %5 (Batch API: %6). %7 items scanned, %8 distinct texts.</source>
        <translation>그룹 %1개 · 별도 요청이 필요 없는 아이템 %2개 · 토큰 %3개 절약 · %5 기준 %4 절약 (Batch API: %6). 아이템 %7개 검사, 고유 텍스트 %8개.</translation>
    </message>
    <message>
        <source>Every row (full re-embed)</source>
        <translation>모든 행 (전체 재임베딩)</translation>
    </message>
    <message>
        <source>Pending items only (next run)</source>
        <translation>대기 아이템만 (다음 실행)</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>새로 고침</translation>
    </message>
    <message>
        <source>Hash / item id</source>
        <translation>해시 / 아이템 ID</translation>
    </message>
    <message>
        <source>Items</source>
        <translation>아이템</translation>
    </message>
    <message>
        <source>Tokens each</source>
        <translation>텍스트당 토큰</translation>
    </message>
    <message>
        <source>Tokens saved</source>
        <translation>절약한 토큰</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>텍스트</translation>
    </message>
    <message>
        <source>there is no duplicate report yet</source>
        <translation>아직 중복 보고서가 없습니다</translation>
    </message>
    <message>
        <source>Export duplicates as CSV</source>
        <translation>중복 목록을 CSV로 내보내기</translation>
    </message>
    <message>
        <source>CSV files (*.csv);;All files (*)</source>
        <translation>CSV 파일 (*.csv);;모든 파일 (*)</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>%1에 쓸 수 없습니다: %2</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>CSV 내보내기…</translation>
    </message>
    <message>
        <source>Write every group of the report, one line per item, to a CSV file.</source>
        <translation>보고서의 모든 그룹을 아이템당 한 줄씩 CSV 파일로 씁니다.</translation>
    </message>
    <message>
        <source>Similar items</source>
        <translation>비슷한 아이템</translation>
    </message>
</context>
<context>
    <name>ec::ui::EstimateDialog</name>
    <message>
        <source>An estimate is already running.</source>
        <translation>이미 예상 비용을 계산하고 있습니다.</translation>
    </message>
    <message>
        <source>Start a run</source>
        <translation>실행 시작</translation>
    </message>
    <message>
        <source>The run embeds the pending items with &lt;b&gt;%1&lt;/b&gt;. Check what it will cost, then start it.</source>
        <translation>이 실행은 대기 중인 아이템을 &lt;b&gt;%1&lt;/b&gt;(으)로 임베딩합니다. 비용을 확인한 뒤 시작하세요.</translation>
    </message>
    <message>
        <source>Start run</source>
        <translation>실행 시작</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <source>from the environment</source>
        <translation>환경 변수에서 가져옴</translation>
    </message>
    <message>
        <source>typed in this session (not saved)</source>
        <translation>이번 세션에서 입력함 (저장하지 않음)</translation>
    </message>
    <message>
        <source>none</source>
        <translation>없음</translation>
    </message>
    <message>
        <source>not needed: the built-in simulator (SIMULATED), nothing is billed</source>
        <translation>필요 없음: 내장 시뮬레이터(시뮬레이션)이며 요금이 청구되지 않습니다</translation>
    </message>
    <message>
        <source>Endpoint: %1 · API key: %2</source>
        <translation>엔드포인트: %1 · API 키: %2</translation>
    </message>
    <message>
        <source>Spend &amp;cap for this run:</source>
        <translation>이번 실행의 지출 한도(&amp;C):</translation>
    </message>
    <message>
        <source>no cap</source>
        <translation>한도 없음</translation>
    </message>
    <message>
        <source>The run sends nothing that would take its spend past this amount, at the model&apos;s price and exact token counts, and leaves the rest pending.</source>
        <translation>실행은 모델 가격과 정확한 토큰 수로 계산해 지출이 이 금액을 넘게 될 요청은 보내지 않고, 나머지는 대기로 남깁니다.</translation>
    </message>
    <message>
        <source>Nothing is submitted that would take the spend past this amount, at the Batch API price and exact token counts; the rest stays pending.</source>
        <translation>Batch API 가격과 정확한 토큰 수로 계산해 지출이 이 금액을 넘게 될 것은 제출하지 않으며, 나머지는 대기로 남습니다.</translation>
    </message>
    <message>
        <source>&amp;Mode:</source>
        <translation>방식(&amp;M):</translation>
    </message>
    <message>
        <source>Standard (synchronous)</source>
        <translation>표준 (동기)</translation>
    </message>
    <message>
        <source>Batch API: half price, results within 24 h</source>
        <translation>Batch API: 절반 가격, 24시간 안에 결과</translation>
    </message>
    <message>
        <source>Batch API mode submits the pending items as OpenAI batches; the Batches tab collects them when they end.</source>
        <translation>Batch API 방식은 대기 중인 아이템을 OpenAI 배치로 제출합니다. 배치가 끝나면 배치 탭에서 수집합니다.</translation>
    </message>
    <message>
        <source>Batch API mode needs the OpenAI API (or its simulator) and all pending items.</source>
        <translation>Batch API 방식은 OpenAI API(또는 시뮬레이터)와 대기 중인 모든 아이템이 필요합니다.</translation>
    </message>
    <message>
        <source>Submit batches</source>
        <translation>배치 제출</translation>
    </message>
</context>
<context>
    <name>ec::ui::EstimatePanel</name>
    <message>
        <source>limited by requests per minute</source>
        <translation>분당 요청 수 한도 기준</translation>
    </message>
    <message>
        <source>limited by tokens per minute</source>
        <translation>분당 토큰 수 한도 기준</translation>
    </message>
    <message>
        <source>limited by concurrent requests</source>
        <translation>동시 요청 수 기준</translation>
    </message>
    <message>
        <source>Cannot estimate: %1</source>
        <translation>비용을 예상할 수 없습니다: %1</translation>
    </message>
    <message>
        <source>Counting the exact tokens of every text…</source>
        <translation>모든 텍스트의 정확한 토큰 수를 세는 중…</translation>
    </message>
    <message>
        <source>%1 of %2 items</source>
        <translation>아이템 %1 / %2</translation>
    </message>
    <message>
        <source>Re-embedding these items with %1 costs about &lt;b&gt;%2&lt;/b&gt; (Batch API: %3).</source>
        <translation>이 아이템들을 %1(으)로 다시 임베딩하는 비용은 약 &lt;b&gt;%2&lt;/b&gt;입니다 (Batch API: %3).</translation>
    </message>
    <message>
        <source>Embedding the pending items with %1 costs about &lt;b&gt;%2&lt;/b&gt; (Batch API: %3).</source>
        <translation>대기 중인 아이템을 %1(으)로 임베딩하는 비용은 약 &lt;b&gt;%2&lt;/b&gt;입니다 (Batch API: %3).</translation>
    </message>
    <message>
        <source>%1 no vector · %2 outdated · %3 other model</source>
        <translation>벡터 없음 %1 · 오래됨 %2 · 다른 모델 %3</translation>
    </message>
    <message>
        <source>%1 unchanged · %2 duplicates · %3 cached</source>
        <translation>변경 없음 %1 · 중복 %2 · 캐시 %3</translation>
    </message>
    <message>
        <source>%1 skipped · %2 truncated</source>
        <translation>건너뜀 %1 · 잘림 %2</translation>
    </message>
    <message>
        <source>%1 in %2 texts</source>
        <translation>토큰 %1개 (텍스트 %2개)</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>%1 (configured)</source>
        <translation>%1 (설정됨)</translation>
    </message>
    <message>
        <source>Items to reset</source>
        <translation>초기화할 아이템</translation>
    </message>
    <message>
        <source>Pending items</source>
        <translation>대기 아이템</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>사유</translation>
    </message>
    <message>
        <source>No API call needed</source>
        <translation>API 호출 불필요</translation>
    </message>
    <message>
        <source>Not sent whole</source>
        <translation>전체가 전송되지 않음</translation>
    </message>
    <message>
        <source>Tokens before dedupe</source>
        <translation>중복 제거 전 토큰</translation>
    </message>
    <message>
        <source>Tokens to send</source>
        <translation>전송할 토큰</translation>
    </message>
    <message>
        <source>API calls</source>
        <translation>API 호출</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>소요 시간</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>모델</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>토큰</translation>
    </message>
    <message>
        <source>Standard (USD)</source>
        <translation>표준 (USD)</translation>
    </message>
    <message>
        <source>Standard (KRW)</source>
        <translation>표준 (KRW)</translation>
    </message>
    <message>
        <source>Batch API (USD)</source>
        <translation>Batch API (USD)</translation>
    </message>
    <message>
        <source>Batch API (KRW)</source>
        <translation>Batch API (KRW)</translation>
    </message>
    <message>
        <source>That is over the spend cap of %1: a run stops at the cap and leaves the rest pending.</source>
        <translation>지출 한도 %1를 넘습니다. 실행은 한도에서 멈추고 나머지는 대기로 남깁니다.</translation>
    </message>
    <message>
        <source>Within the spend cap of %1.</source>
        <translation>지출 한도 %1 안입니다.</translation>
    </message>
    <message>
        <source>Prices are for the tokens to send, after dedupe. The Batch API costs half but answers within 24 hours: pick it under Mode.</source>
        <translation>가격은 중복 제거 후 보낼 토큰 기준입니다. Batch API는 절반 가격이지만 24시간 안에 응답합니다. 방식에서 고르세요.</translation>
    </message>
    <message>
        <source>Prices are for the tokens to send, after dedupe. The Batch API costs half but answers within 24 hours: pick it under Then.</source>
        <translation>가격은 중복 제거 후 보낼 토큰 기준입니다. Batch API는 절반 가격이지만 24시간 안에 응답합니다. 다음에서 고르세요.</translation>
    </message>
</context>
<context>
    <name>ec::ui::FailureDetailDialog</name>
    <message>
        <source>Failed item %1</source>
        <translation>실패한 아이템 %1</translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation>(비어 있음)</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(없음)</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>불러오는 중…</translation>
    </message>
    <message>
        <source>The item is no longer in the catalog.</source>
        <translation>이 아이템은 더 이상 카탈로그에 없습니다.</translation>
    </message>
    <message>
        <source>Cannot read the item: %1</source>
        <translation>아이템을 읽을 수 없습니다: %1</translation>
    </message>
    <message>
        <source>%1 (run #%2)</source>
        <translation>%1 (실행 #%2)</translation>
    </message>
    <message>
        <source>first %1 · last %2</source>
        <translation>처음 %1 · 마지막 %2</translation>
    </message>
    <message>
        <source>parked until an operator retries it</source>
        <translation>운영자가 재시도할 때까지 보류</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>아이템</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>오류</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>제목</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>요약</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>태그</translation>
    </message>
    <message>
        <source>Updated at</source>
        <translation>수정 시각</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>상태</translation>
    </message>
    <message>
        <source>HTTP status</source>
        <translation>HTTP 상태</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>시도 횟수</translation>
    </message>
    <message>
        <source>Seen</source>
        <translation>발생 시각</translation>
    </message>
    <message>
        <source>Next retry</source>
        <translation>다음 재시도</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>메시지</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>닫기</translation>
    </message>
    <message>
        <source>Retry this item</source>
        <translation>이 아이템 재시도</translation>
    </message>
</context>
<context>
    <name>ec::ui::FailureTableModel</name>
    <message>
        <source>Failed</source>
        <translation>실패</translation>
    </message>
    <message>
        <source>Parked</source>
        <translation>보류</translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation>건너뜀</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>제목</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>시도 횟수</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>상태</translation>
    </message>
    <message>
        <source>HTTP</source>
        <translation>HTTP</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>메시지</translation>
    </message>
    <message>
        <source>Last seen</source>
        <translation>마지막 발생</translation>
    </message>
</context>
<context>
    <name>ec::ui::FailuresView</name>
    <message>
        <source>Cannot read the failures: %1</source>
        <translation>실패 목록을 읽을 수 없습니다: %1</translation>
    </message>
    <message>
        <source>%1 shown of %2 recorded (%3 parked) · %4 selected</source>
        <translation>기록 %2건 중 %1건 표시 (보류 %3건) · %4건 선택</translation>
    </message>
    <message>
        <source>Search id, title or message</source>
        <translation>ID, 제목, 메시지 검색</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>모든 상태</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>새로 고침</translation>
    </message>
    <message>
        <source>Retry selected</source>
        <translation>선택 항목 재시도</translation>
    </message>
    <message>
        <source>Clear the backoff and parking of the selected items and embed them now.</source>
        <translation>선택한 아이템의 재시도 대기와 보류를 해제하고 지금 임베딩합니다.</translation>
    </message>
    <message>
        <source>Copy rows</source>
        <translation>행 복사</translation>
    </message>
    <message>
        <source>Open…</source>
        <translation>열기…</translation>
    </message>
    <message>
        <source>Export failures as CSV</source>
        <translation>실패 목록을 CSV로 내보내기</translation>
    </message>
    <message>
        <source>CSV files (*.csv);;All files (*)</source>
        <translation>CSV 파일 (*.csv);;모든 파일 (*)</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>%1에 쓸 수 없습니다: %2</translation>
    </message>
    <message numerus="yes">
        <source>%Ln failure(s) exported to %1</source>
        <translation>
            <numerusform>실패 %Ln건을 %1(으)로 내보냈습니다</numerusform>
        </translation>
    </message>
    <message>
        <source>Show the item&apos;s full text and error (double click, Return or Enter).</source>
        <translation>아이템의 전체 텍스트와 오류를 봅니다 (더블 클릭, Return 또는 Enter).</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>CSV 내보내기…</translation>
    </message>
    <message>
        <source>Write every recorded failure, not only the rows shown, to a CSV file.</source>
        <translation>표시된 행만이 아니라 기록된 모든 실패를 CSV 파일로 씁니다.</translation>
    </message>
    <message>
        <source>Similar items</source>
        <translation>비슷한 아이템</translation>
    </message>
</context>
<context>
    <name>ec::ui::Format</name>
    <message>
        <source>%1/s</source>
        <translation>%1/초</translation>
    </message>
    <message>
        <source>%1h %2m</source>
        <translation>%1시간 %2분</translation>
    </message>
    <message>
        <source>%1m %2s</source>
        <translation>%1분 %2초</translation>
    </message>
    <message>
        <source>%1s</source>
        <translation>%1초</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation>건너뜀</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>네트워크</translation>
    </message>
    <message>
        <source>empty text: nothing to embed</source>
        <translation>빈 텍스트: 임베딩할 내용이 없습니다</translation>
    </message>
    <message>
        <source>text over the model&apos;s token limit per input (%1)</source>
        <translation>입력당 모델 토큰 한도를 넘는 텍스트 (%1)</translation>
    </message>
    <message>
        <source>the tokenizer is unavailable (%1)</source>
        <translation>토크나이저를 사용할 수 없습니다 (%1)</translation>
    </message>
    <message>
        <source>the row cannot be read as text (%1)</source>
        <translation>행을 텍스트로 읽을 수 없습니다 (%1)</translation>
    </message>
</context>
<context>
    <name>ec::ui::HistoryView</name>
    <message>
        <source>Cannot read the run history: %1</source>
        <translation>실행 이력을 읽을 수 없습니다: %1</translation>
    </message>
    <message>
        <source>Select a run to see its error and configuration.</source>
        <translation>실행을 선택하면 오류와 설정을 볼 수 있습니다.</translation>
    </message>
    <message>
        <source>Run #%1 · %2 · %3 → %4</source>
        <translation>실행 #%1 · %2 · %3 → %4</translation>
    </message>
    <message>
        <source>Processed %1 of %2 · API inputs %3 · cost %4</source>
        <translation>%2개 중 %1개 처리 · API 입력 %3개 · 비용 %4</translation>
    </message>
    <message>
        <source>Error: %1</source>
        <translation>오류: %1</translation>
    </message>
    <message>
        <source>Configuration:</source>
        <translation>설정:</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>새로 고침</translation>
    </message>
    <message numerus="yes">
        <source>%Ln run(s) · %1 items embedded · %2 tokens · %3</source>
        <translation>
            <numerusform>실행 %Ln회 · 아이템 %1개 임베딩 · 토큰 %2개 · %3</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ec::ui::LogPanel</name>
    <message>
        <source>Clear log</source>
        <translation>로그 지우기</translation>
    </message>
    <message>
        <source>Messages of the runs appear here.</source>
        <translation>실행 메시지가 여기에 표시됩니다.</translation>
    </message>
</context>
<context>
    <name>ec::ui::MainWindow</name>
    <message>
        <source>About Embedding Console</source>
        <translation>임베딩 콘솔 정보</translation>
    </message>
    <message>
        <source>&lt;b&gt;Embedding Console&lt;/b&gt;&lt;br&gt;Keeps the vector embeddings of a product catalog up to date, on PostgreSQL or SQLite, through an OpenAI-compatible embeddings API.</source>
        <translation>&lt;b&gt;임베딩 콘솔&lt;/b&gt;&lt;br&gt;OpenAI 호환 임베딩 API로 PostgreSQL 또는 SQLite에 있는 상품 카탈로그의 벡터 임베딩을 최신 상태로 유지합니다.</translation>
    </message>
    <message>
        <source>Embedding Console</source>
        <translation>임베딩 콘솔</translation>
    </message>
    <message>
        <source>Start run</source>
        <translation>실행 시작</translation>
    </message>
    <message>
        <source>Estimate the cost of embedding the pending items, then start the run.</source>
        <translation>대기 중인 아이템의 임베딩 비용을 예상한 뒤 실행을 시작합니다.</translation>
    </message>
    <message>
        <source>Abort</source>
        <translation>강제 중단</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>중지</translation>
    </message>
    <message>
        <source>Abort the requests in flight now; nothing partial is written.</source>
        <translation>진행 중인 요청을 즉시 중단합니다. 일부만 처리된 결과는 기록하지 않습니다.</translation>
    </message>
    <message>
        <source>Retry failed</source>
        <translation>실패 재시도</translation>
    </message>
    <message>
        <source>Clear the backoff and parking of every failed item and embed them now.</source>
        <translation>모든 실패 아이템의 재시도 대기와 보류를 해제하고 지금 임베딩합니다.</translation>
    </message>
    <message>
        <source>Reset…</source>
        <translation>초기화…</translation>
    </message>
    <message>
        <source>Clear vectors so they are embedded again, priced before anything changes.</source>
        <translation>벡터를 지워 다시 임베딩하게 합니다. 변경 전에 비용을 먼저 보여 줍니다.</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>설정…</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>새로 고침</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>종료</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>시스템 기본값</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>실행</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>대시보드</translation>
    </message>
    <message>
        <source>Failures</source>
        <translation>실패</translation>
    </message>
    <message>
        <source>Duplicates</source>
        <translation>중복</translation>
    </message>
    <message>
        <source>History</source>
        <translation>이력</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>로그</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>파일(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>실행(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>보기(&amp;V)</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>언어</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>도움말(&amp;H)</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>연결 중…</translation>
    </message>
    <message>
        <source>Cannot retry the failed items: %1</source>
        <translation>실패 아이템을 재시도할 수 없습니다: %1</translation>
    </message>
    <message>
        <source>No failed items to retry.</source>
        <translation>재시도할 실패 아이템이 없습니다.</translation>
    </message>
    <message>
        <source>Run #%1 %2: %3 processed, %4 succeeded, %5 failed, %6 skipped, %7 unchanged, %8 deduplicated, %9 tokens, %10.</source>
        <translation>실행 #%1 %2: 처리 %3, 성공 %4, 실패 %5, 건너뜀 %6, 변경 없음 %7, 중복 제거 %8, 토큰 %9, %10.</translation>
    </message>
    <message>
        <source>Run failed: %1</source>
        <translation>실행 실패: %1</translation>
    </message>
    <message>
        <source>Another exclusive run holds the lock; nothing was done.</source>
        <translation>다른 단독 실행이 잠금을 갖고 있어 아무 작업도 하지 않았습니다.</translation>
    </message>
    <message>
        <source>Run %1.</source>
        <translation>실행 %1.</translation>
    </message>
    <message>
        <source>Database unavailable</source>
        <translation>데이터베이스 연결 불가</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>연결됨</translation>
    </message>
    <message>
        <source>Run #%1 was interrupted; the next run finishes its items.</source>
        <translation>실행 #%1이(가) 중단되었습니다. 다음 실행이 남은 아이템을 처리합니다.</translation>
    </message>
    <message>
        <source>Settings applied.</source>
        <translation>설정을 적용했습니다.</translation>
    </message>
    <message>
        <source>A run is going</source>
        <translation>실행 중입니다</translation>
    </message>
    <message>
        <source>Stop the run and quit? The requests in flight are finished and written first.</source>
        <translation>실행을 중지하고 종료할까요? 진행 중인 요청은 먼저 마무리하고 기록합니다.</translation>
    </message>
    <message numerus="yes">
        <source>Starting a run of %Ln selected item(s).</source>
        <translation>
            <numerusform>선택한 아이템 %Ln개로 실행을 시작합니다.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Retrying %Ln failed item(s).</source>
        <translation>
            <numerusform>실패 아이템 %Ln개를 재시도합니다.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>  … and %Ln more failed item(s); see Failures.</source>
        <translation>
            <numerusform>  … 외 실패 아이템 %Ln개, 실패 탭을 확인하세요.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Reset %Ln item(s); the next run embeds them again.</source>
        <translation>
            <numerusform>아이템 %Ln개를 초기화했습니다. 다음 실행에서 다시 임베딩합니다.</numerusform>
        </translation>
    </message>
    <message>
        <source>Finish the requests in flight, write them and end the run as stopped.</source>
        <translation>진행 중인 요청을 마무리해 기록하고 실행을 중지됨으로 끝냅니다.</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>키보드 단축키</translation>
    </message>
    <message>
        <source>Cannot start the built-in simulator: %1</source>
        <translation>내장 시뮬레이터를 시작할 수 없습니다: %1</translation>
    </message>
    <message>
        <source>Set key…</source>
        <translation>키 설정…</translation>
    </message>
    <message>
        <source>No API key for %1: runs go to the built-in simulator (SIMULATED), and nothing is billed. Set a key in the settings or in OPENAI_API_KEY to embed for real.</source>
        <translation>%1의 API 키가 없습니다. 실행은 내장 시뮬레이터(시뮬레이션)로 보내며 요금이 청구되지 않습니다. 실제로 임베딩하려면 설정이나 OPENAI_API_KEY에 키를 지정하세요.</translation>
    </message>
    <message>
        <source>No API key for %1: the run was not started.</source>
        <translation>%1의 API 키가 없어 실행을 시작하지 않았습니다.</translation>
    </message>
    <message>
        <source>Starting a run with %1 (%2%3).</source>
        <translation>%1(으)로 실행을 시작합니다 (%2%3).</translation>
    </message>
    <message>
        <source>, SIMULATED</source>
        <translation>, 시뮬레이션</translation>
    </message>
    <message>
        <source>  item %1: %2</source>
        <translation>  아이템 %1: %2</translation>
    </message>
    <message>
        <source>Run #%1: %2</source>
        <translation>실행 #%1: %2</translation>
    </message>
    <message>
        <source>%1 succeeded, %2 failed, %3</source>
        <translation>성공 %1, 실패 %2, %3</translation>
    </message>
    <message>
        <source>No catalog</source>
        <translation>카탈로그 없음</translation>
    </message>
    <message>
        <source>Create demo catalog</source>
        <translation>데모 카탈로그 만들기</translation>
    </message>
    <message numerus="yes">
        <source>Writing %Ln demo item(s) into %1…</source>
        <translation>
            <numerusform>%1에 데모 아이템 %Ln개를 쓰는 중…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Created a demo catalog of %Ln item(s) in %1.</source>
        <translation>
            <numerusform>%1에 아이템 %Ln개의 데모 카탈로그를 만들었습니다.</numerusform>
        </translation>
    </message>
    <message>
        <source>Cannot create the demo catalog: %1</source>
        <translation>데모 카탈로그를 만들 수 없습니다: %1</translation>
    </message>
    <message>
        <source>Start a run (estimate first)</source>
        <translation>실행 시작 (먼저 비용 예상)</translation>
    </message>
    <message>
        <source>Stop the run; again: abort it</source>
        <translation>실행 중지, 한 번 더: 강제 중단</translation>
    </message>
    <message>
        <source>Retry failed items</source>
        <translation>실패 아이템 재시도</translation>
    </message>
    <message>
        <source>Reset vectors</source>
        <translation>벡터 초기화</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>설정</translation>
    </message>
    <message>
        <source>Refresh every view</source>
        <translation>모든 화면 새로 고침</translation>
    </message>
    <message>
        <source>Enter — open the selected failure</source>
        <translation>Enter — 선택한 실패 열기</translation>
    </message>
    <message>
        <source>This list</source>
        <translation>이 목록</translation>
    </message>
    <message>
        <source>Table %1 does not exist in %2 yet.</source>
        <translation>%2에 아직 %1 테이블이 없습니다.</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>검색</translation>
    </message>
    <message>
        <source>Using %1.</source>
        <translation>%1을(를) 사용합니다.</translation>
    </message>
    <message>
        <source>Model mismatch: %1</source>
        <translation>모델 불일치: %1</translation>
    </message>
    <message>
        <source>The vectors do not fit the column: %1</source>
        <translation>벡터가 열에 맞지 않습니다: %1</translation>
    </message>
    <message>
        <source>The run was not started: %1</source>
        <translation>실행을 시작하지 않았습니다: %1</translation>
    </message>
    <message>
        <source>Version %1&lt;br&gt;Git commit %2&lt;br&gt;Qt %3</source>
        <translation>버전 %1&lt;br&gt;Git 커밋 %2&lt;br&gt;Qt %3</translation>
    </message>
    <message>
        <source>Batches</source>
        <translation>배치</translation>
    </message>
    <message>
        <source>Migration</source>
        <translation>모델 전환</translation>
    </message>
    <message>
        <source>The batches were not submitted: %1</source>
        <translation>배치를 제출하지 않았습니다: %1</translation>
    </message>
    <message>
        <source>no API key</source>
        <translation>API 키 없음</translation>
    </message>
    <message>
        <source>Submitting the pending items as Batch API batches with %1 (%2%3).</source>
        <translation>%1 모델(%2%3)로 대기 중인 아이템을 Batch API 배치로 제출합니다.</translation>
    </message>
</context>
<context>
    <name>ec::ui::MigrationView</name>
    <message>
        <source>Staging: %1 of %2 rows, %3 tokens, %4 so far.</source>
        <translation>스테이징: 행 %2개 중 %1개, 토큰 %3개, 지금까지 %4.</translation>
    </message>
    <message>
        <source>Staging ended: %1 staged, %2 unchanged, %3 failed; %4 tokens, %5.</source>
        <translation>스테이징 종료: %1개 스테이징, %2개 변경 없음, %3개 실패; 토큰 %4개, %5.</translation>
    </message>
    <message>
        <source>Staging stopped; staging again resumes it. %1</source>
        <translation>스테이징을 멈췄습니다. 다시 스테이징하면 이어서 진행합니다. %1</translation>
    </message>
    <message>
        <source>Swapped: %1 rows now hold the new vectors (%2 re-staged first); the table&apos;s rows were locked for %3 s. Rollback restores the old vectors until you finish.</source>
        <translation>교체 완료: 이제 %1개 행이 새 벡터를 갖습니다(먼저 %2개를 다시 스테이징). 테이블의 행은 %3초 동안 잠겼습니다. 마무리하기 전까지 롤백으로 이전 벡터를 되돌릴 수 있습니다.</translation>
    </message>
    <message>
        <source>Rolled back: %1 rows hold their old vectors and model again.</source>
        <translation>롤백 완료: %1개 행이 이전 벡터와 모델로 돌아갔습니다.</translation>
    </message>
    <message>
        <source>Finished: %1 staged and old vectors dropped.</source>
        <translation>마무리 완료: 스테이징된 벡터와 이전 벡터 %1개를 삭제했습니다.</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>실패: %1</translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation>멈췄습니다.</translation>
    </message>
    <message>
        <source>Pricing the migration…</source>
        <translation>모델 전환 비용을 계산하는 중…</translation>
    </message>
    <message>
        <source>about %1 (%2 at the Batch API price)</source>
        <translation>약 %1 (Batch API 가격으로 %2)</translation>
    </message>
    <message>
        <source>the price the plan shows</source>
        <translation>계획에 표시된 비용</translation>
    </message>
    <message>
        <source>Stage the migration</source>
        <translation>모델 전환 스테이징</translation>
    </message>
    <message>
        <source>Embed every row of %1 with %2 into the staging table, for %3? The table and its search are not changed until you swap.</source>
        <translation>%1의 모든 행을 %2로 임베딩해 스테이징 테이블에 넣을까요? 비용은 %3입니다. 교체하기 전까지 테이블과 검색은 바뀌지 않습니다.</translation>
    </message>
    <message>
        <source>Embedding the sample queries with both models and ranking…</source>
        <translation>두 모델로 샘플 검색어를 임베딩하고 순위를 매기는 중…</translation>
    </message>
    <message>
        <source>Swap the vectors</source>
        <translation>벡터 교체</translation>
    </message>
    <message>
        <source>Write every staged %1 vector into %2 in one transaction, after re-staging the rows edited since? Search then serves the new model; Rollback restores the old vectors until you finish.</source>
        <translation>그동안 수정된 행을 다시 스테이징한 뒤, 스테이징된 %1 벡터를 모두 하나의 트랜잭션으로 %2에 쓸까요? 그 뒤로 검색은 새 모델을 사용합니다. 마무리하기 전까지 롤백으로 이전 벡터를 되돌릴 수 있습니다.</translation>
    </message>
    <message>
        <source>Roll back</source>
        <translation>롤백</translation>
    </message>
    <message>
        <source>Restore every old %1 vector of %2 in one transaction?</source>
        <translation>%2의 이전 %1 벡터를 모두 하나의 트랜잭션으로 되돌릴까요?</translation>
    </message>
    <message>
        <source>Drop the old vectors? Rollback is no longer possible afterwards.</source>
        <translation>이전 벡터를 삭제할까요? 삭제한 뒤에는 롤백할 수 없습니다.</translation>
    </message>
    <message>
        <source>Drop the staged vectors and end the migration without swapping?</source>
        <translation>스테이징된 벡터를 삭제하고 교체 없이 모델 전환을 끝낼까요?</translation>
    </message>
    <message>
        <source>Finish the migration</source>
        <translation>모델 전환 마무리</translation>
    </message>
    <message>
        <source>Pick the new model and press Plan. Nothing is sent and nothing is changed until you stage.</source>
        <translation>새 모델을 고르고 계획을 누르세요. 스테이징하기 전까지는 아무것도 보내거나 바꾸지 않습니다.</translation>
    </message>
    <message>
        <source>%1: %2 (%3 dimensions) to %4 (%5 dimensions). %6 rows, %7 to embed (%8 from the cache, %9 repeated texts); %10 tokens: %11 at the standard price, %12 with the Batch API; about %13.</source>
        <translation>%1: %2 (%3차원)에서 %4 (%5차원)로. 행 %6개, 임베딩할 행 %7개 (캐시 %8개, 반복 텍스트 %9개); 토큰 %10개: 표준 가격 %11, Batch API %12; 약 %13.</translation>
    </message>
    <message>
        <source>no vectors</source>
        <translation>벡터 없음</translation>
    </message>
    <message>
        <source>%1&#xa0;s</source>
        <translation>%1초</translation>
    </message>
    <message>
        <source>%1&#xa0;min</source>
        <translation>%1분</translation>
    </message>
    <message>
        <source>The spend cap of %1 stops the staging before the end; staging again resumes it.</source>
        <translation>지출 한도 %1 때문에 스테이징이 끝나기 전에 멈춥니다. 다시 스테이징하면 이어서 진행합니다.</translation>
    </message>
    <message>
        <source>Within the spend cap of %1.</source>
        <translation>지출 한도 %1 안입니다.</translation>
    </message>
    <message>
        <source>A migration to this model is underway: staging resumes it.</source>
        <translation>이 모델로의 전환이 진행 중입니다. 스테이징하면 이어서 진행합니다.</translation>
    </message>
    <message>
        <source>Refused: %1</source>
        <translation>거부됨: %1</translation>
    </message>
    <message>
        <source>SIMULATED endpoint: the vectors are not real embeddings.</source>
        <translation>시뮬레이션 엔드포인트: 벡터는 실제 임베딩이 아닙니다.</translation>
    </message>
    <message>
        <source>No migration is underway: search serves the table&apos;s own vectors.</source>
        <translation>진행 중인 모델 전환이 없습니다. 검색은 테이블의 벡터를 사용합니다.</translation>
    </message>
    <message>
        <source>Swapped: the table serves %1; the old %2 vectors are kept for rollback.</source>
        <translation>교체됨: 테이블은 %1을(를) 사용합니다. 이전 %2 벡터는 롤백을 위해 보관됩니다.</translation>
    </message>
    <message>
        <source>Staging %1 → %2: search still serves %1.</source>
        <translation>%1 → %2 스테이징 중: 검색은 여전히 %1을(를) 사용합니다.</translation>
    </message>
    <message>
        <source>%1 of %2 rows staged, %3 remaining, %4 stale (edited since staged), %5 failed; %6 tokens, %7 so far.</source>
        <translation>행 %2개 중 %1개 스테이징, %3개 남음, %4개 오래됨(스테이징 후 수정), %5개 실패; 토큰 %6개, 지금까지 %7.</translation>
    </message>
    <message>
        <source>Compare the nearest items under both models for a sample of item titles, before you swap.</source>
        <translation>교체하기 전에, 샘플 아이템 제목으로 두 모델에서 가장 가까운 아이템을 비교하세요.</translation>
    </message>
    <message numerus="yes">
        <source>Mean overlap@%1: %2 over %n queries (%3 → %4); %5 tokens, %6.</source>
        <translation>
            <numerusform>평균 overlap@%1: 검색어 %n개에서 %2 (%3 → %4); 토큰 %5개, %6.</numerusform>
        </translation>
    </message>
    <message>
        <source>1. Plan</source>
        <translation>1. 계획</translation>
    </message>
    <message>
        <source>New &amp;model:</source>
        <translation>새 모델(&amp;M):</translation>
    </message>
    <message>
        <source>&amp;Dimensions:</source>
        <translation>차원(&amp;D):</translation>
    </message>
    <message>
        <source>native</source>
        <translation>기본</translation>
    </message>
    <message>
        <source>&amp;Plan</source>
        <translation>계획(&amp;P)</translation>
    </message>
    <message>
        <source>2. Stage (search keeps serving the old vectors)</source>
        <translation>2. 스테이징 (검색은 계속 이전 벡터를 사용)</translation>
    </message>
    <message>
        <source>S&amp;tage</source>
        <translation>스테이징(&amp;T)</translation>
    </message>
    <message>
        <source>Sto&amp;p</source>
        <translation>멈춤(&amp;P)</translation>
    </message>
    <message>
        <source>3. Compare search under both models</source>
        <translation>3. 두 모델의 검색 결과 비교</translation>
    </message>
    <message>
        <source>&amp;k:</source>
        <translation>k(&amp;K):</translation>
    </message>
    <message>
        <source>&amp;Compare</source>
        <translation>비교(&amp;C)</translation>
    </message>
    <message>
        <source>Query</source>
        <translation>검색어</translation>
    </message>
    <message>
        <source>Overlap@k</source>
        <translation>Overlap@k</translation>
    </message>
    <message>
        <source>Nearest now (top 3)</source>
        <translation>현재 가장 가까운 아이템 (상위 3개)</translation>
    </message>
    <message>
        <source>Nearest after the swap (top 3)</source>
        <translation>교체 후 가장 가까운 아이템 (상위 3개)</translation>
    </message>
    <message>
        <source>S&amp;wap…</source>
        <translation>교체(&amp;W)…</translation>
    </message>
    <message>
        <source>&amp;Rollback…</source>
        <translation>롤백(&amp;R)…</translation>
    </message>
    <message>
        <source>&amp;Finish…</source>
        <translation>마무리(&amp;F)…</translation>
    </message>
</context>
<context>
    <name>ec::ui::ProcessStatusLabel</name>
    <message>
        <source>RSS %1 · CPU %2%</source>
        <translation>메모리 %1 · CPU %2%</translation>
    </message>
    <message>
        <source>Memory of the console: %1 now, %2 at most. CPU: percent of one core over the last second.</source>
        <translation>콘솔 메모리: 현재 %1, 최대 %2. CPU: 최근 1초 동안 코어 하나 기준 사용률.</translation>
    </message>
</context>
<context>
    <name>ec::ui::ResetDialog</name>
    <message>
        <source>Reset</source>
        <translation>초기화</translation>
    </message>
    <message>
        <source>Reset embeddings</source>
        <translation>임베딩 초기화</translation>
    </message>
    <message>
        <source>Which rows to reset (all checked criteria must match)</source>
        <translation>초기화할 행 (선택한 조건을 모두 만족해야 함)</translation>
    </message>
    <message>
        <source>Embedded by a model other than</source>
        <translation>다음이 아닌 모델로 임베딩됨</translation>
    </message>
    <message>
        <source>Embedded before</source>
        <translation>다음 시각 이전에 임베딩됨</translation>
    </message>
    <message>
        <source>Only these ids</source>
        <translation>다음 ID만</translation>
    </message>
    <message>
        <source>One id per line, or separated by commas</source>
        <translation>한 줄에 ID 하나, 또는 쉼표로 구분</translation>
    </message>
    <message>
        <source>Choose at least one criterion.</source>
        <translation>조건을 하나 이상 선택하세요.</translation>
    </message>
    <message>
        <source>Resetting…</source>
        <translation>초기화 중…</translation>
    </message>
    <message>
        <source>Counting the affected items…</source>
        <translation>대상 아이템을 세는 중…</translation>
    </message>
    <message>
        <source>Nothing changes until you confirm. The reset runs in one transaction and is recorded with your user name, the time, the criteria and the count.</source>
        <translation>확인하기 전에는 아무것도 바뀌지 않습니다. 초기화는 하나의 트랜잭션으로 실행되며 사용자 이름, 시각, 조건, 건수가 기록됩니다.</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message numerus="yes">
        <source>Reset %Ln item(s)</source>
        <translation>
            <numerusform>아이템 %Ln개 초기화</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln item(s) will lose their vector and be embedded again by the next run.</source>
        <translation>
            <numerusform>아이템 %Ln개의 벡터가 지워지고 다음 실행에서 다시 임베딩됩니다.</numerusform>
        </translation>
    </message>
    <message>
        <source>No row has a vector to clear and matches every criterion.</source>
        <translation>모든 조건에 맞으면서 지울 벡터가 있는 행이 없습니다.</translation>
    </message>
    <message>
        <source>%1 embedded by a model other than %2</source>
        <translation>%2이(가) 아닌 모델로 임베딩된 %1개</translation>
    </message>
    <message>
        <source>%1 embedded by another model than %2 (or by none recorded)</source>
        <translation>%2이(가) 아닌 모델로 임베딩된 %1개 (기록된 모델이 없는 경우 포함)</translation>
    </message>
    <message>
        <source>%1 embedded by %2, the configured model</source>
        <translation>설정된 모델 %2(으)로 임베딩된 %1개</translation>
    </message>
    <message>
        <source>all embedded before %1</source>
        <translation>모두 %1 이전에 임베딩됨</translation>
    </message>
    <message>
        <source>all among the ids given</source>
        <translation>모두 지정한 ID에 포함됨</translation>
    </message>
    <message numerus="yes">
        <source>%Ln id(s) not found: %1</source>
        <translation>
            <numerusform>찾지 못한 ID %Ln개: %1</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Then:</source>
        <translation>다음(&amp;T):</translation>
    </message>
    <message>
        <source>Leave them pending for the next run</source>
        <translation>다음 실행까지 대기로 둡니다</translation>
    </message>
    <message>
        <source>Start a run now (standard price)</source>
        <translation>지금 실행을 시작합니다 (표준 가격)</translation>
    </message>
    <message>
        <source>Submit them to the Batch API now: half price, results within 24 h</source>
        <translation>지금 Batch API로 제출합니다: 절반 가격, 24시간 안에 결과</translation>
    </message>
</context>
<context>
    <name>ec::ui::RunHistoryModel</name>
    <message>
        <source>Run</source>
        <translation>실행</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>시작</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>소요 시간</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>상태</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>전체</translation>
    </message>
    <message>
        <source>Succeeded</source>
        <translation>성공</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>실패</translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation>건너뜀</translation>
    </message>
    <message>
        <source>Unchanged</source>
        <translation>변경 없음</translation>
    </message>
    <message>
        <source>Deduped</source>
        <translation>중복 제거</translation>
    </message>
    <message>
        <source>Cached</source>
        <translation>캐시</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>요청</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>토큰</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>비용</translation>
    </message>
    <message>
        <source>Items/s</source>
        <translation>아이템/초</translation>
    </message>
    <message>
        <source>Worker</source>
        <translation>작업자</translation>
    </message>
</context>
<context>
    <name>ec::ui::SearchView</name>
    <message>
        <source>Searching…</source>
        <translation>검색 중…</translation>
    </message>
    <message>
        <source>Looking for items similar to %1…</source>
        <translation>%1와(과) 비슷한 아이템을 찾는 중…</translation>
    </message>
    <message>
        <source>Item %1</source>
        <translation>아이템 %1</translation>
    </message>
    <message>
        <source>%1 — score %2</source>
        <translation>%1 — 점수 %2</translation>
    </message>
    <message>
        <source>Similar items</source>
        <translation>비슷한 아이템</translation>
    </message>
    <message>
        <source>Search failed: %1</source>
        <translation>검색 실패: %1</translation>
    </message>
    <message>
        <source>Search is unavailable: %1</source>
        <translation>검색을 사용할 수 없습니다: %1</translation>
    </message>
    <message>
        <source>Type a query to see which items the vectors find. The query is embedded with the table&apos;s model (one request) and compared with every item&apos;s vector.</source>
        <translation>검색어를 입력해 벡터가 어떤 아이템을 찾는지 확인하세요. 검색어는 테이블의 모델로 임베딩되며(요청 1회) 모든 아이템의 벡터와 비교됩니다.</translation>
    </message>
    <message>
        <source>ranked by pgvector in the database</source>
        <translation>데이터베이스의 pgvector로 순위 계산</translation>
    </message>
    <message>
        <source>%1 vectors compared</source>
        <translation>벡터 %1개 비교</translation>
    </message>
    <message numerus="yes">
        <source>%n nearest item(s) to the query, model %1 (%2 dimensions); %3 tokens, $%4; %5 in %6 s.</source>
        <translation>
            <numerusform>검색어와 가장 가까운 아이템 %n개, 모델 %1 (%2차원); 토큰 %3개, $%4; %5, %6초.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n item(s) nearest to item %1, by its stored vector (model %2, nothing sent); %3 in %4 s.</source>
        <translation>
            <numerusform>아이템 %1의 저장된 벡터로 찾은 가장 가까운 아이템 %n개 (모델 %2, 요청 없음); %3, %4초.</numerusform>
        </translation>
    </message>
    <message>
        <source>SIMULATED endpoint: the vectors are not real embeddings.</source>
        <translation>시뮬레이션 엔드포인트: 벡터는 실제 임베딩이 아닙니다.</translation>
    </message>
    <message>
        <source>The table holds no vectors of this model.</source>
        <translation>테이블에 이 모델의 벡터가 없습니다.</translation>
    </message>
    <message>
        <source>Search the catalog by meaning, e.g. &quot;tools that transcribe meetings&quot;</source>
        <translation>의미로 카탈로그 검색, 예: &quot;회의를 받아쓰는 도구&quot;</translation>
    </message>
    <message>
        <source>&amp;Results:</source>
        <translation>결과(&amp;R):</translation>
    </message>
    <message>
        <source>&amp;Search</source>
        <translation>검색(&amp;S)</translation>
    </message>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>점수</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>제목</translation>
    </message>
</context>
<context>
    <name>ec::ui::SettingsDialog</name>
    <message>
        <source>Database URL: %1</source>
        <translation>데이터베이스 URL: %1</translation>
    </message>
    <message>
        <source>Choose a model.</source>
        <translation>모델을 선택하세요.</translation>
    </message>
    <message>
        <source>The endpoint must be a URL such as https://api.openai.com/v1.</source>
        <translation>엔드포인트는 https://api.openai.com/v1 같은 URL이어야 합니다.</translation>
    </message>
    <message>
        <source>The webhook must be an http(s) URL.</source>
        <translation>웹훅은 http(s) URL이어야 합니다.</translation>
    </message>
    <message>
        <source>No API key: set OPENAI_API_KEY or type one here for this session.</source>
        <translation>API 키 없음: OPENAI_API_KEY를 설정하거나 이번 세션용으로 여기에 입력하세요.</translation>
    </message>
    <message>
        <source>From the environment. Never saved.</source>
        <translation>환경 변수에서 가져옴. 저장하지 않습니다.</translation>
    </message>
    <message>
        <source>Typed for this session only. Never saved.</source>
        <translation>이번 세션에만 사용. 저장하지 않습니다.</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>설정</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>데이터베이스</translation>
    </message>
    <message>
        <source>Columns</source>
        <translation>컬럼</translation>
    </message>
    <message>
        <source>Model and endpoint</source>
        <translation>모델 및 엔드포인트</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>실행</translation>
    </message>
    <message>
        <source>Prices (USD per 1M tokens)</source>
        <translation>가격 (토큰 100만 개당 USD)</translation>
    </message>
    <message>
        <source>Alerts</source>
        <translation>알림</translation>
    </message>
    <message>
        <source>Interface</source>
        <translation>인터페이스</translation>
    </message>
    <message>
        <source>Database URL</source>
        <translation>데이터베이스 URL</translation>
    </message>
    <message>
        <source>empty: the built-in SQLite catalog</source>
        <translation>비워 두면 내장 SQLite 카탈로그</translation>
    </message>
    <message>
        <source>sqlite:///path/catalog.db or postgresql://user@host:5432/db</source>
        <translation>sqlite:///path/catalog.db 또는 postgresql://user@host:5432/db</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>비밀번호</translation>
    </message>
    <message>
        <source>for this session only</source>
        <translation>이번 세션에만 사용</translation>
    </message>
    <message>
        <source>Table</source>
        <translation>테이블</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>제목</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>요약</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>태그</translation>
    </message>
    <message>
        <source>Embedding</source>
        <translation>임베딩</translation>
    </message>
    <message>
        <source>Embedding model</source>
        <translation>임베딩 모델</translation>
    </message>
    <message>
        <source>Embedded at</source>
        <translation>임베딩 시각</translation>
    </message>
    <message>
        <source>Updated at</source>
        <translation>수정 시각</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>모델</translation>
    </message>
    <message>
        <source>Dimensions</source>
        <translation>차원 수</translation>
    </message>
    <message>
        <source>native</source>
        <translation>기본값</translation>
    </message>
    <message>
        <source>Endpoint</source>
        <translation>엔드포인트</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>API 키</translation>
    </message>
    <message>
        <source>sk-…</source>
        <translation>sk-…</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>배치 크기</translation>
    </message>
    <message>
        <source>Concurrent requests</source>
        <translation>동시 요청 수</translation>
    </message>
    <message>
        <source>Requests per minute</source>
        <translation>분당 요청 수</translation>
    </message>
    <message>
        <source>Tokens per minute</source>
        <translation>분당 토큰 수</translation>
    </message>
    <message>
        <source>Retries per request</source>
        <translation>요청당 재시도 횟수</translation>
    </message>
    <message>
        <source>Park after failures</source>
        <translation>보류 전 실패 횟수</translation>
    </message>
    <message>
        <source>Other models</source>
        <translation>기타 모델</translation>
    </message>
    <message>
        <source>Batch API factor</source>
        <translation>Batch API 배율</translation>
    </message>
    <message>
        <source>KRW per USD</source>
        <translation>원/달러 환율</translation>
    </message>
    <message>
        <source>Webhook URL</source>
        <translation>웹훅 URL</translation>
    </message>
    <message>
        <source>off</source>
        <translation>사용 안 함</translation>
    </message>
    <message>
        <source>Slack or Discord compatible; shown masked</source>
        <translation>Slack 또는 Discord 호환, 가려서 표시</translation>
    </message>
    <message>
        <source>Alert above error rate</source>
        <translation>알림 기준 오류율</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>언어</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>시스템 기본값</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>저장</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <source>%1 requests/min, %2 tokens/min from the server</source>
        <translation>서버 한도 분당 요청 %1개, 분당 토큰 %2개</translation>
    </message>
    <message>
        <source>no limits advertised</source>
        <translation>서버가 알린 한도 없음</translation>
    </message>
    <message>
        <source>at most %1 inputs per request</source>
        <translation>요청당 입력 최대 %1개</translation>
    </message>
    <message>
        <source>%1 inputs per request or more</source>
        <translation>요청당 입력 %1개 이상</translation>
    </message>
    <message>
        <source>honoured</source>
        <translation>지원</translation>
    </message>
    <message>
        <source>not honoured</source>
        <translation>미지원</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>연결 테스트</translation>
    </message>
    <message>
        <source>Database: checking %1…</source>
        <translation>데이터베이스: %1 확인 중…</translation>
    </message>
    <message>
        <source>Endpoint: testing…</source>
        <translation>엔드포인트: 테스트 중…</translation>
    </message>
    <message>
        <source>Database: works, %1, table %2 with an embedding column of type %3.</source>
        <translation>데이터베이스: 정상, %1, %2 테이블의 임베딩 열 형식은 %3입니다.</translation>
    </message>
    <message>
        <source>Database: %1. Create the demo catalog from the dashboard, or name another table.</source>
        <translation>데이터베이스: %1. 대시보드에서 데모 카탈로그를 만들거나 다른 테이블을 지정하세요.</translation>
    </message>
    <message>
        <source>Database: table %1 cannot be used: %2</source>
        <translation>데이터베이스: %1 테이블을 사용할 수 없습니다: %2</translation>
    </message>
    <message>
        <source>Database: does not work: %1</source>
        <translation>데이터베이스: 연결할 수 없습니다: %1</translation>
    </message>
    <message>
        <source>Endpoint: does not work: %1</source>
        <translation>엔드포인트: 사용할 수 없습니다: %1</translation>
    </message>
    <message>
        <source>Endpoint: works, %1 ms, %2 dimensions, base64 %3; %4; %5.</source>
        <translation>엔드포인트: 정상, %1 ms, %2차원, base64 %3; %4; %5.</translation>
    </message>
    <message>
        <source>Spend cap per run</source>
        <translation>실행당 지출 한도</translation>
    </message>
    <message>
        <source>no cap</source>
        <translation>한도 없음</translation>
    </message>
</context>
<context>
    <name>ec::ui::StateBadge</name>
    <message>
        <source>Idle</source>
        <translation>대기</translation>
    </message>
    <message>
        <source>Starting</source>
        <translation>시작 중</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>실행 중</translation>
    </message>
    <message>
        <source>Stopping</source>
        <translation>중지 중</translation>
    </message>
    <message>
        <source>Aborting</source>
        <translation>강제 중단 중</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>완료</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>실패</translation>
    </message>
    <message>
        <source>Interrupted</source>
        <translation>중단됨</translation>
    </message>
    <message>
        <source>Run state: %1</source>
        <translation>실행 상태: %1</translation>
    </message>
    <message>
        <source>Reconnecting</source>
        <translation>재연결 중</translation>
    </message>
    <message>
        <source>Completed with failures</source>
        <translation>완료 (일부 실패)</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>중지됨</translation>
    </message>
    <message>
        <source>Aborted</source>
        <translation>강제 중단됨</translation>
    </message>
</context>
</TS>
