module.exports = { ...require('../../jest.preset.js'), displayName: 'results', rootDir: __dirname };
